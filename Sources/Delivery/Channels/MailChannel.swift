import AlertModel
import CPluginClient
import Foundation

/// MT4 internal mail through the x86 sidecar's `MailSend`: a margin-call letter in the client's terminal. Each
/// notification is one call, carrying the notification's `Idempotency-Key`, so a retry after a timeout or a crash
/// never puts a second letter in the client's inbox.
public struct MailChannel: DeliveryChannel {
    /// Who the mail comes from, and the named recipient lists rules may use (`mail managers …`).
    public struct Settings: Sendable, Hashable {
        /// The sender's login; 0 means the client cannot reply.
        public var senderLogin: Int
        public var senderName: String?
        public var lists: [String: [Int]]

        public init(senderLogin: Int = 0, senderName: String? = "Risk desk", lists: [String: [Int]] = [:]) {
            self.senderLogin = senderLogin
            self.senderName = senderName
            self.lists = lists
        }
    }

    public let settings: Settings
    /// The REST client for the platform an alert came from (by the name or id in its key), or nil if unknown.
    private let platform: @Sendable (String) -> MT4RestClient?

    public init(settings: Settings, platform: @escaping @Sendable (String) -> MT4RestClient?) {
        self.settings = settings
        self.platform = platform
    }

    public var name: String { "mail" }
    public var supportsBatches: Bool { false }

    public func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome {
        guard batch.count == 1, let notification = batch.first,
            case .mail(let recipients, let subject, let body) = notification.action
        else { return .final(reason: "the mail channel was handed something that is not one mail") }
        let logins: [Int]
        switch recipients {
        case .logins(let list):
            logins = list
        case .named(let name):
            guard let list = settings.lists[name] else {
                return .final(
                    reason:
                        "no mail list named '\(name)' in the configuration; add it under mail lists or change the rule")
            }
            logins = list
        }
        let unique = Array(Set(logins.filter { $0 > 0 })).sorted()
        guard !unique.isEmpty else { return .final(reason: "the mail has no recipient login") }
        guard unique.count <= MT4MailSendRequest.recipientLimit else {
            return .final(
                reason:
                    "the mail has \(unique.count) recipients; MailSend takes at most \(MT4MailSendRequest.recipientLimit)"
            )
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .final(reason: "the mail body is empty; MailSend requires one")
        }
        guard let client = platform(notification.key.platform) else {
            return .final(
                reason: "no trade platform '\(notification.key.platform)' is configured to send mail through")
        }
        let request = MT4MailSendRequest(
            senderLogin: settings.senderLogin,
            senderName: settings.senderName.map { Self.cut($0, to: MT4MailSendRequest.senderNameLimit) },
            subject: Self.cut(subject, to: MT4MailSendRequest.subjectLimit), body: body, logins: unique)
        do {
            try await client.mailSend(request, idempotencyKey: IdempotencyKey.make(for: notification.id))
            return .delivered
        } catch {
            return Self.outcome(error)
        }
    }

    /// A REST failure as a delivery outcome: what may pass (the sidecar down, a timeout, `Busy`) is retried; what
    /// will not (a validation refusal, an unknown login) goes to the dead letters with CPlugin's own message.
    static func outcome(_ error: CPluginRestError) -> DeliveryOutcome {
        error.isTransient ? .retry(reason: "\(error)", after: nil) : .final(reason: "\(error)")
    }

    /// MT4 limits the subject and sender name; a margin call is better delivered with a cut subject than not at all.
    static func cut(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
