import AlertModel

/// Renders the Alertmanager-compatible webhook payload: one request per batch.
public struct AlertmanagerRenderer: WebhookRenderer {
    public var receiver: String
    public var externalURL: String?

    public init(receiver: String, externalURL: String? = nil) {
        self.receiver = receiver
        self.externalURL = externalURL
    }

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        let payload = AlertmanagerPayload(receiver: receiver, externalURL: externalURL, batch: batch)
        return [
            WebhookBody(
                data: try Self.encode(payload), idempotencyKey: batch.groupID, notificationIDs: batch.map(\.id))
        ]
    }
}
