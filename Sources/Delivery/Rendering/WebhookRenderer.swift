import AlertModel
import Foundation

/// Turns notifications for one receiver into request bodies in that receiver's format, escaping the plain text for it.
///
/// A renderer gets a batch (1…N notifications the worker grouped) and returns the bodies to POST: one for receivers
/// that take batches, one per notification for those that do not (PagerDuty). Renderers are pure: the same batch
/// always renders to the same bytes, so a retried batch is the same request and receivers can deduplicate it.
public protocol WebhookRenderer: Sendable {
    func render(_ batch: [AlertNotification]) throws -> [WebhookBody]
}

/// One request body, ready to POST.
public struct WebhookBody: Sendable, Hashable {
    public var data: Data
    public var contentType: String
    /// Sent as `Idempotency-Key` where the format has no id of its own; stable for the same batch.
    public var idempotencyKey: String?
    /// The notifications this body carries, in order.
    public var notificationIDs: [String]

    public init(
        data: Data, contentType: String = "application/json; charset=utf-8", idempotencyKey: String? = nil,
        notificationIDs: [String]
    ) {
        self.data = data
        self.contentType = contentType
        self.idempotencyKey = idempotencyKey
        self.notificationIDs = notificationIDs
    }

    /// The body as text, for tests and previews.
    public var text: String { String(decoding: data, as: UTF8.self) }
}

extension WebhookRenderer {
    /// JSON with sorted keys, so equal batches give equal bytes.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
