import AlertModel

/// A notification the replayed rules would have sent, reduced to what a person compares: who it goes to and what
/// it says. Replay delivers nothing.
public struct ReplayedNotification: Sendable, Hashable {
    public var id: String
    public var key: AlertKey
    public var reason: NotificationReason
    public var time: Timestamp
    /// `mail to 1001`, `mail to list vip`, `news`, `webhook risk_desk`, `log`.
    public var destination: String
    /// The rendered text: subject and body for mail, topic and body for news.
    public var text: String
    /// From a `shadow` rule: the live service would have recorded it and sent nothing.
    public var shadow: Bool

    public init(_ notification: AlertNotification) {
        id = notification.id
        key = notification.key
        reason = notification.reason
        time = notification.time
        shadow = notification.shadow
        switch notification.action {
        case .mail(let recipients, let subject, let body):
            switch recipients {
            case .logins(let logins): destination = "mail to " + logins.map(String.init).joined(separator: ",")
            case .named(let name): destination = "mail to list \(name)"
            }
            text = "\(subject): \(body)"
        case .news(let topic, let category, let body, _):
            destination = category.isEmpty ? "news" : "news (\(category))"
            text = "\(topic): \(body)"
        case .webhook(let receiver, let text):
            destination = "webhook \(receiver)"
            self.text = text
        case .log(let text):
            destination = "log"
            self.text = text
        }
    }

    /// The destination's channel (`mail`, `news`, `webhook risk_desk`, `log`), for the summary's counts.
    public var channel: String {
        destination.hasPrefix("mail") ? "mail" : destination.hasPrefix("news") ? "news" : destination
    }
}
