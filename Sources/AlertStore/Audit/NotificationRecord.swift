import AlertModel

/// One line of the notification log: what the engine asked to send, and where its outbox entry stands.
public struct NotificationRecord: Sendable, Hashable, Codable {
    /// Order of writing, across the whole log.
    public var sequence: Int64
    public var notification: AlertNotification
    public var destination: String
    public var ruleSetHash: String?
    /// The outbox entry; nil for shadow notifications (never queued) and entries retention removed.
    public var outboxID: Int64?
    public var outboxState: OutboxEntry.State?

    public init(
        sequence: Int64, notification: AlertNotification, destination: String, ruleSetHash: String?,
        outboxID: Int64?, outboxState: OutboxEntry.State?
    ) {
        self.sequence = sequence
        self.notification = notification
        self.destination = destination
        self.ruleSetHash = ruleSetHash
        self.outboxID = outboxID
        self.outboxState = outboxState
    }
}
