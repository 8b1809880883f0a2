/// Why a notification was made.
public enum NotificationReason: String, Sendable, Hashable, Codable {
    /// The alert started firing.
    case firing
    /// Still firing after the rule's `renotify every` period.
    case renotify
    /// Worsened by another `step`.
    case step
    /// The alert cleared (`on resolve` actions).
    case resolved
    /// Notifications held back by `limit N per D`, summarised.
    case summary
}

/// What to send, already rendered as plain text. Channels escape it for their own format when they send it.
public enum NotificationAction: Sendable, Hashable, Codable {
    public enum MailRecipients: Sendable, Hashable, Codable {
        case logins([Int])
        /// A named list of logins from the configuration.
        case named(String)
    }

    case mail(recipients: MailRecipients, subject: String, body: String)
    case news(topic: String, category: String, body: String, highPriority: Bool)
    case webhook(receiver: String, text: String)
    case log(text: String)

    /// The channel kind, for counters and listings.
    public var channel: String {
        switch self {
        case .mail: return "mail"
        case .news: return "news"
        case .webhook: return "webhook"
        case .log: return "log"
        }
    }
}

/// One message to deliver, with a stable id so delivery can deduplicate and receivers can too.
public struct AlertNotification: Sendable, Hashable, Codable {
    /// Stable for the same alert, firing and action: rule, key, firing time, sequence and action index.
    public var id: String
    public var key: AlertKey
    public var reason: NotificationReason
    public var severity: Severity
    public var time: Timestamp
    public var action: NotificationAction
    public var labels: [AlertKey.Label]
    /// From a `shadow` rule: record it, deliver nothing.
    public var shadow: Bool
    public var evidence: Evidence?

    public init(
        id: String, key: AlertKey, reason: NotificationReason, severity: Severity, time: Timestamp,
        action: NotificationAction, labels: [AlertKey.Label], shadow: Bool, evidence: Evidence?
    ) {
        self.id = id
        self.key = key
        self.reason = reason
        self.severity = severity
        self.time = time
        self.action = action
        self.labels = labels
        self.shadow = shadow
        self.evidence = evidence
    }
}

/// Where the engine's output goes: the delivery layer implements this (durable outbox, channels); tests and replay
/// use simpler sinks. Kept to one method so any stage can wrap another.
public protocol NotificationSink: Sendable {
    func accept(transitions: [AlertTransition], notifications: [AlertNotification]) async throws
}
