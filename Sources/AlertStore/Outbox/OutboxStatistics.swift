import AlertModel

/// Outbox depth for metrics and the status page. (Codable here and in the other result types so the CLI can print
/// `--json` without mirror types.)
public struct OutboxStatistics: Sendable, Hashable, Codable {
    /// Entries of one destination in one state.
    public struct Bucket: Sendable, Hashable, Codable {
        public var destination: String
        public var state: OutboxEntry.State
        public var count: Int

        public init(destination: String, state: OutboxEntry.State, count: Int) {
            self.destination = destination
            self.state = state
            self.count = count
        }
    }

    /// Every (destination, state) with at least one entry, sorted by destination then state.
    public var buckets: [Bucket]
    /// Pending entries that have failed at least once.
    public var failing: Int
    /// When the oldest pending entry was recorded: how far delivery is behind.
    public var oldestPendingCreatedAt: Timestamp?

    public init(buckets: [Bucket], failing: Int, oldestPendingCreatedAt: Timestamp?) {
        self.buckets = buckets
        self.failing = failing
        self.oldestPendingCreatedAt = oldestPendingCreatedAt
    }

    /// Entries in `state`, of one destination or all.
    public func count(_ state: OutboxEntry.State, destination: String? = nil) -> Int {
        buckets.filter { $0.state == state && (destination == nil || $0.destination == destination) }
            .reduce(0) { $0 + $1.count }
    }

    /// Dead letters waiting for an operator.
    public var deadLetters: Int { count(.dead) }
}
