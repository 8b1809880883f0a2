/// What `AlertStore.record` did with a batch, so the caller can wake the right workers and log what it skipped.
public struct RecordResult: Sendable, Hashable, Codable {
    /// Outbox ids created, in the order of the notifications.
    public var queued: [Int64] = []
    /// Destinations that got new entries: the workers worth waking.
    public var queuedDestinations: Set<String> = []
    /// Shadow notifications: in the audit log, never in the outbox.
    public var shadowRecorded: [String] = []
    /// Notification ids recorded earlier (a restart re-deriving them): neither logged nor queued again.
    public var duplicateNotifications: [String] = []
    /// Transitions appended to the audit log.
    public var transitionsRecorded = 0
    /// Transitions already in the log (same alert, time and edge); the alert state is still brought up to date.
    public var duplicateTransitions = 0

    public init() {}
}
