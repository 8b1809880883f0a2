import AlertModel

/// Renders the `mtrules.webhook/v1` payload: one request per batch.
public struct JSONPayloadRenderer: WebhookRenderer {
    public var receiver: String

    public init(receiver: String) {
        self.receiver = receiver
    }

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        let payload = WebhookPayloadV1(receiver: receiver, batch: batch)
        return [
            WebhookBody(
                data: try Self.encode(payload), idempotencyKey: payload.groupId, notificationIDs: batch.map(\.id))
        ]
    }
}
