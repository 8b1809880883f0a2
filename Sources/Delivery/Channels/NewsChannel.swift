import AlertModel
import CPluginClient
import Foundation

/// MT4 news through the x86 sidecar's `NewsSend`: a notice every connected terminal shows (delayed quotes, a
/// symbol halted). One call per notification with its `Idempotency-Key`.
public struct NewsChannel: DeliveryChannel {
    private let platform: @Sendable (String) -> MT4RestClient?

    /// - Parameter platform: the REST client for the platform an alert came from, or nil if unknown.
    public init(platform: @escaping @Sendable (String) -> MT4RestClient?) {
        self.platform = platform
    }

    public var name: String { "news" }
    public var supportsBatches: Bool { false }

    /// `NewsSend`'s limits (openapi-v2.json): topic ≤ 256, category ≤ 64.
    static let topicLimit = 256
    static let categoryLimit = 64

    public func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome {
        guard batch.count == 1, let notification = batch.first,
            case .news(let topic, let category, let body, let highPriority) = notification.action
        else { return .final(reason: "the news channel was handed something that is not one news item") }
        guard !topic.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return .final(reason: "a news item needs a topic and a body; NewsSend refuses empty ones") }
        guard let client = platform(notification.key.platform) else {
            return .final(
                reason: "no trade platform '\(notification.key.platform)' is configured to send news through")
        }
        let request = MT4NewsSendRequest(
            topic: MailChannel.cut(topic, to: Self.topicLimit),
            category: category.isEmpty ? nil : MailChannel.cut(category, to: Self.categoryLimit), body: body,
            highPriority: highPriority)
        do {
            try await client.newsSend(request, idempotencyKey: IdempotencyKey.make(for: notification.id))
            return .delivered
        } catch {
            return MailChannel.outcome(error)
        }
    }
}
