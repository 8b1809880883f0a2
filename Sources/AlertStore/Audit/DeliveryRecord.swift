import AlertModel

/// One line of the delivery log: an attempt on an outbox entry, or an operator's action on it.
public struct DeliveryRecord: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case delivered
        /// Failed, will be tried again.
        case retryScheduled = "retry"
        /// Failed for good: now a dead letter.
        case deadLettered = "dead"
        /// An operator put it back in the queue.
        case requeued
        /// An operator dropped it.
        case dropped
    }

    /// Order of writing, across the whole log.
    public var sequence: Int64
    public var outboxID: Int64
    public var notificationID: String
    public var destination: String
    /// The attempt's number (1 for the first); for operator actions, the attempts made so far.
    public var attempt: Int
    public var outcome: Outcome
    /// The receiver's answer, the error, or the operator's reason.
    public var detail: String?
    public var at: Timestamp

    public init(
        sequence: Int64, outboxID: Int64, notificationID: String, destination: String, attempt: Int,
        outcome: Outcome, detail: String?, at: Timestamp
    ) {
        self.sequence = sequence
        self.outboxID = outboxID
        self.notificationID = notificationID
        self.destination = destination
        self.attempt = attempt
        self.outcome = outcome
        self.detail = detail
        self.at = at
    }
}
