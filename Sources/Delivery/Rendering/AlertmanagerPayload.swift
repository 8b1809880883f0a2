import AlertModel
import Foundation

/// The Alertmanager webhook payload (version 4), so tools written for Alertmanager (ticket bridges, chat bots, SMS
/// gateways) take mtrules' alerts unchanged.
public struct AlertmanagerPayload: Sendable, Hashable, Codable {
    public struct Alert: Sendable, Hashable, Codable {
        public var status: String
        /// `alertname` (the rule), `severity`, `platform`, the key's values and the rule's labels.
        public var labels: [String: String]
        /// `summary` (the text), `reason`, `mtrules_id` (the notification id), `evidence` when there is some.
        public var annotations: [String: String]
        public var startsAt: String
        /// Alertmanager's zero time while firing.
        public var endsAt: String
        public var generatorURL: String
        /// 16 hex digits, stable per label set (per alert).
        public var fingerprint: String
    }

    public var version: String
    public var groupKey: String
    public var truncatedAlerts: Int
    public var status: String
    public var receiver: String
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String
    public var alerts: [Alert]

    /// Alertmanager's "not yet" for `endsAt`.
    static let zeroTime = "0001-01-01T00:00:00Z"

    public init(receiver: String, externalURL: String?, batch: [AlertNotification]) {
        alerts = batch.map { Self.alert($0, generatorURL: externalURL ?? "") }
        let rules = Set(batch.map(\.key.rule))
        groupLabels = rules.count == 1 ? ["alertname": rules.first!] : [:]
        let groupPart = groupLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }
        groupKey = "{}/{receiver=\(Self.quoted(receiver))}:{\(groupPart.joined(separator: ","))}"
        version = "4"
        truncatedAlerts = 0
        status = batch.batchStatus
        self.receiver = receiver
        commonLabels = Self.common(alerts.map(\.labels))
        commonAnnotations = Self.common(alerts.map(\.annotations))
        self.externalURL = externalURL ?? ""
    }

    private static func alert(_ notification: AlertNotification, generatorURL: String) -> Alert {
        var labels = notification.allLabels
        labels["alertname"] = notification.key.rule
        if labels["severity"] == nil { labels["severity"] = notification.severity.rawValue }
        if labels["platform"] == nil, !notification.key.platform.isEmpty {
            labels["platform"] = notification.key.platform
        }
        var annotations = [
            "summary": notification.plainText, "reason": notification.reason.rawValue, "mtrules_id": notification.id,
        ]
        if let evidence = notification.evidence.map(EvidenceSummary.init), !evidence.inputs.isEmpty {
            annotations["evidence"] = evidence.oneLine
        }
        let time = notification.time.description
        let fingerprintSource = labels.sorted { $0.key < $1.key }.map { "\($0.key)\u{FF}\($0.value)\u{FF}" }.joined()
        return Alert(
            status: notification.status, labels: labels, annotations: annotations, startsAt: time,
            endsAt: notification.reason == .resolved ? time : zeroTime, generatorURL: generatorURL,
            fingerprint: StableHash.hex(fingerprintSource))
    }

    /// The pairs every map shares.
    private static func common(_ maps: [[String: String]]) -> [String: String] {
        guard var shared = maps.first else { return [:] }
        for map in maps.dropFirst() { shared = shared.filter { map[$0.key] == $0.value } }
        return shared
    }

    /// A label value quoted the way Alertmanager prints matchers.
    private static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
