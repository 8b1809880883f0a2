import AlertModel

/// mtrules' own webhook payload, version `mtrules.webhook/v1`; documented field by field in docs/operations.md.
///
/// Always an envelope, even for one notification, so a receiver parses one shape. Receivers deduplicate on a
/// notification's `id` (stable across retries and restarts) or on the envelope's `groupId` (stable for a retried
/// batch). New fields may be added within v1; a field's meaning never changes without a new version.
public struct WebhookPayloadV1: Sendable, Hashable, Codable {
    public static let version = "mtrules.webhook/v1"

    public struct Notification: Sendable, Hashable, Codable {
        /// Stable per alert, firing and action: the same notification always has the same id.
        public var id: String
        /// The alert: `margin_call{login=1001}@MT4-Live`.
        public var alert: String
        public var rule: String
        public var platform: String
        /// The alert key's `by` values: `{"login": "1001"}`.
        public var key: [String: String]
        /// The key's values and the rule's `labels { … }`.
        public var labels: [String: String]
        /// `info`, `warning` or `critical`.
        public var severity: String
        /// `firing`, `renotify`, `step`, `resolved` or `summary`.
        public var reason: String
        /// `firing` or `resolved`.
        public var status: String
        /// ISO-8601 UTC with milliseconds.
        public var time: String
        /// The rendered text, plain (no markup, no escaping beyond JSON's).
        public var text: String
        public var evidence: EvidenceSummary?
    }

    public var version: String
    /// Stable for the same batch; also sent as the `Idempotency-Key` header.
    public var groupId: String
    /// The receiver's name in the configuration.
    public var receiver: String
    /// `firing` if any notification fires, else `resolved`.
    public var status: String
    public var count: Int
    public var notifications: [Notification]

    public init(receiver: String, batch: [AlertNotification]) {
        version = Self.version
        groupId = batch.groupID
        self.receiver = receiver
        status = batch.batchStatus
        count = batch.count
        notifications = batch.map { notification in
            Notification(
                id: notification.id, alert: notification.key.description, rule: notification.key.rule,
                platform: notification.key.platform,
                key: Dictionary(
                    notification.key.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
                labels: notification.allLabels, severity: notification.severity.rawValue,
                reason: notification.reason.rawValue, status: notification.status,
                time: notification.time.description, text: notification.plainText,
                evidence: notification.evidence.map(EvidenceSummary.init))
        }
    }
}
