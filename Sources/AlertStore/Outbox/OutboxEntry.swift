import AlertModel

/// One notification in the outbox, and where its delivery stands.
public struct OutboxEntry: Sendable, Hashable, Codable, Identifiable {
    /// Where an entry stands. Only `pending` entries are ever claimed.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for its first attempt or a retry.
        case pending
        /// The receiver accepted it.
        case delivered
        /// A final failure, or retries given up: waits for an operator to requeue or drop it.
        case dead
        /// An operator decided it will not be sent.
        case dropped
    }

    /// The store's number for the entry, never reused: what `mtrules outbox retry 42` names.
    public var id: Int64
    public var notification: AlertNotification
    /// Which channel and receiver delivers it: `mail`, `news`, `log` or `webhook:<receiver>`.
    public var destination: String
    public var state: State
    /// Attempts made so far (delivered, retried or dead-lettered).
    public var attempts: Int
    public var createdAt: Timestamp
    /// Not claimed before this time (the back-off).
    public var nextAttemptAt: Timestamp
    /// A worker holds the entry until then; after it passes (the worker died) the entry is claimed again.
    public var leaseUntil: Timestamp?
    /// The latest failure: a retryable error, or the reason it is dead or dropped.
    public var lastError: String?
    public var deliveredAt: Timestamp?
    /// When it left `pending` for good; retention counts from here.
    public var finishedAt: Timestamp?

    public init(
        id: Int64, notification: AlertNotification, destination: String, state: State, attempts: Int,
        createdAt: Timestamp, nextAttemptAt: Timestamp, leaseUntil: Timestamp?, lastError: String?,
        deliveredAt: Timestamp?, finishedAt: Timestamp?
    ) {
        self.id = id
        self.notification = notification
        self.destination = destination
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.finishedAt = finishedAt
    }

    /// The destination an action is delivered through: one per channel, one per webhook receiver, so a receiver that
    /// is down holds back only its own entries.
    public static func destination(for action: NotificationAction) -> String {
        switch action {
        case .mail: return "mail"
        case .news: return "news"
        case .webhook(let receiver, _): return "webhook:\(receiver)"
        case .log: return "log"
        }
    }
}
