/// Which outbox entries `mtrules outbox list` shows.
public enum OutboxFilter: String, Sendable, Hashable, CaseIterable {
    /// Waiting for delivery, failed or not.
    case pending
    /// Pending after at least one failed attempt: a receiver in trouble.
    case failed
    /// Dead letters, waiting for an operator.
    case dead
    case delivered
    case dropped
    case all

    var condition: String {
        switch self {
        case .pending: return "state = 'pending'"
        case .failed: return "state = 'pending' AND attempts > 0"
        case .dead: return "state = 'dead'"
        case .delivered: return "state = 'delivered'"
        case .dropped: return "state = 'dropped'"
        case .all: return "1"
        }
    }
}
