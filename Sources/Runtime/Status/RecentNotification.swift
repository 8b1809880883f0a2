import AlertModel
import AlertStore

/// A notification as the status page lists it: what was said, about which alert, and where it went.
public struct RecentNotification: Sendable, Hashable, Codable {
    public var time: Timestamp
    public var key: AlertKey
    public var reason: NotificationReason
    public var severity: Severity
    /// `mail`, `news`, `log` or `webhook:<receiver>`.
    public var destination: String
    /// The rendered message (mail subject and body, news topic and body, webhook or log text).
    public var text: String
    /// From a shadow rule: recorded, not delivered.
    public var shadow: Bool

    public init(_ notification: AlertNotification) {
        time = notification.time
        key = notification.key
        reason = notification.reason
        severity = notification.severity
        destination = OutboxEntry.destination(for: notification.action)
        shadow = notification.shadow
        switch notification.action {
        case .mail(_, let subject, let body): text = subject + (body.isEmpty ? "" : " — " + body)
        case .news(let topic, _, let body, _): text = topic + (body.isEmpty ? "" : " — " + body)
        case .webhook(_, let message): text = message
        case .log(let message): text = message
        }
    }
}
