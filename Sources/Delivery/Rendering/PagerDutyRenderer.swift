import AlertModel

/// Renders PagerDuty Events API v2 events: one per notification, since PagerDuty has no batches (a batch of N becomes N
/// requests, sent in order by the channel).
///
/// Firing, renotify, step and summary notifications trigger; resolved ones resolve. The `dedup_key` is derived from
/// the alert key alone, so every trigger of one alert lands in one incident and its resolve closes it.
public struct PagerDutyRenderer: WebhookRenderer {
    /// PagerDuty's limit for `payload.summary`.
    public static let summaryLimit = 1024
    /// PagerDuty's limit for `dedup_key`.
    static let dedupKeyLimit = 255

    public var routingKey: String
    /// A link back to mtrules (its status page), shown in the incident.
    public var clientURL: String?

    public init(routingKey: String, clientURL: String? = nil) {
        self.routingKey = routingKey
        self.clientURL = clientURL
    }

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        try batch.map { notification in
            WebhookBody(data: try Self.encode(event(notification)), notificationIDs: [notification.id])
        }
    }

    /// `margin_call{login=1001}@MT4-Live`, or for a key too long for PagerDuty the rule and a hash of the key.
    public static func dedupKey(_ key: AlertKey) -> String {
        let text = key.description
        guard text.utf8.count > dedupKeyLimit else { return text }
        return "\(key.rule.prefix(200))#\(StableHash.hex(text))"
    }

    /// PagerDuty's severities are critical, error, warning and info; mtrules' three map to their namesakes (`error`
    /// is not used).
    public static func severity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "critical"
        case .warning: "warning"
        case .info: "info"
        }
    }

    /// The key's values, `login=1001`: what PagerDuty shows as the affected component.
    private static func component(_ key: AlertKey) -> String? {
        key.labels.isEmpty ? nil : key.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    private func event(_ notification: AlertNotification) -> Event {
        let resolve = notification.reason == .resolved
        let summary = TextBudget.utf16(limit: Self.summaryLimit).cut(
            notification.plainText, to: Self.summaryLimit)
        let payload = Payload(
            summary: summary.isEmpty ? notification.key.description : summary,
            source: notification.key.platform.isEmpty ? "mtrules" : notification.key.platform,
            severity: Self.severity(notification.severity), timestamp: notification.time.description,
            component: Self.component(notification.key),
            group: notification.key.platform.isEmpty ? nil : notification.key.platform,
            class: notification.key.rule,
            customDetails: Details(
                text: notification.plainText, alert: notification.key.description, labels: notification.allLabels,
                reason: notification.reason.rawValue, notificationID: notification.id,
                evidence: notification.evidence.map(EvidenceSummary.init)))
        return Event(
            routingKey: routingKey, eventAction: resolve ? "resolve" : "trigger",
            dedupKey: Self.dedupKey(notification.key), payload: resolve ? nil : payload, client: "mtrules",
            clientURL: clientURL)
    }

    private struct Event: Encodable {
        var routingKey: String
        var eventAction: String
        var dedupKey: String
        /// Required for a trigger; PagerDuty ignores it on a resolve, so it is left out.
        var payload: Payload?
        var client: String
        var clientURL: String?

        enum CodingKeys: String, CodingKey {
            case routingKey = "routing_key"
            case eventAction = "event_action"
            case dedupKey = "dedup_key"
            case payload, client
            case clientURL = "client_url"
        }
    }

    private struct Payload: Encodable {
        var summary: String
        var source: String
        var severity: String
        var timestamp: String
        var component: String?
        var group: String?
        var `class`: String
        var customDetails: Details

        enum CodingKeys: String, CodingKey {
            case summary, source, severity, timestamp, component, group, `class`
            case customDetails = "custom_details"
        }
    }

    private struct Details: Encodable {
        var text: String
        var alert: String
        var labels: [String: String]
        var reason: String
        var notificationID: String
        var evidence: EvidenceSummary?

        enum CodingKeys: String, CodingKey {
            case text, alert, labels, reason, evidence
            case notificationID = "notification_id"
        }
    }
}

extension PagerDutyRenderer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The routing key is a secret: never shown.
    public var description: String { "PagerDutyRenderer(routingKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["routingKey": "<redacted>"], displayStyle: .struct) }
}
