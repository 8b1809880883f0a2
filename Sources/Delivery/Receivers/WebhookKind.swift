import Foundation

/// The format a webhook receiver speaks; each has its own renderer and its own escaping.
public enum WebhookKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// mtrules' own versioned JSON payload (`mtrules.webhook/v1`), for scripts and ticketing systems.
    case json
    /// The Alertmanager webhook payload (version 4), for tools that already consume Alertmanager.
    case alertmanager
    /// A Slack incoming webhook.
    case slack
    /// A Microsoft Teams incoming webhook or Workflows trigger, with an Adaptive Card.
    case teams
    /// The Telegram bot API's `sendMessage`, in HTML mode.
    case telegram
    /// PagerDuty Events API v2: trigger and resolve with a dedup key.
    case pagerduty

    public var description: String { rawValue }

    /// Reads a kind from the configuration, with a suggestion for a near miss.
    public init(configValue text: String) throws(ReceiverConfigurationError) {
        let normalized = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let kind = WebhookKind(rawValue: normalized) {
            self = kind
            return
        }
        let aliases: [String: WebhookKind] = [
            "msteams": .teams, "microsoft-teams": .teams, "pager-duty": .pagerduty,
            "alertmanager-webhook": .alertmanager,
        ]
        if let kind = aliases[normalized] {
            self = kind
            return
        }
        throw ReceiverConfigurationError(problem: Self.unknownKindMessage(text))
    }

    static func unknownKindMessage(_ text: String) -> String {
        let names = allCases.map(\.rawValue)
        var message = "unknown receiver kind '\(text)': expected one of \(names.joined(separator: ", "))"
        if let near = names.min(by: { editDistance($0, text.lowercased()) < editDistance($1, text.lowercased()) }),
            editDistance(near, text.lowercased()) <= 2
        {
            message += " (did you mean '\(near)'?)"
        }
        return message
    }

    /// How notifications are grouped unless the configuration says otherwise: chat and JSON receivers get a short
    /// window so a burst becomes one message; PagerDuty takes one event per alert.
    public var defaultGrouping: GroupingPolicy {
        self == .pagerduty ? .none : GroupingPolicy(window: .seconds(10), maxSize: 50)
    }

    /// Whether one request can carry several notifications.
    public var supportsBatches: Bool { self != .pagerduty }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension WebhookKind: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try WebhookKind(configValue: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
