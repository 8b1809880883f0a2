/// Configuration form (YAML or JSON), with defaults for everything but `name`, `kind` and the kind's own fields:
///
/// ```yaml
/// name: risk_desk
/// kind: slack
/// url: {env: RISK_DESK_SLACK_URL}
/// headers: {X-Team: risk}
/// timeout: 10s
/// maxConcurrency: 4
/// rateLimit: 1 per 1s
/// grouping: {window: 10s, maxSize: 50}
/// ```
extension WebhookReceiver: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, kind, url, headers, chatID, routingKey, timeout, maxConcurrency, rateLimit, grouping, externalURL
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(WebhookKind.self, forKey: .kind)
        let headers = try container.decodeIfPresent([String: SecretValue].self, forKey: .headers) ?? [:]
        self.init(
            name: try container.decode(String.self, forKey: .name),
            kind: kind,
            url: try container.decodeIfPresent(SecretValue.self, forKey: .url),
            headers: headers.map { Header(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name },
            chatID: try Self.decodeChatID(container),
            routingKey: try container.decodeIfPresent(SecretValue.self, forKey: .routingKey),
            timeout: try DurationText.decode(container, .timeout) ?? .seconds(10),
            maxConcurrency: try container.decodeIfPresent(Int.self, forKey: .maxConcurrency) ?? 4,
            rateLimit: try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit),
            grouping: try container.decodeIfPresent(GroupingPolicy.self, forKey: .grouping) ?? kind.defaultGrouping,
            externalURL: try container.decodeIfPresent(String.self, forKey: .externalURL))
    }

    /// A chat id is often written as a bare number in YAML.
    private static func decodeChatID(_ container: KeyedDecodingContainer<CodingKeys>) throws -> String? {
        if let number = try? container.decodeIfPresent(Int64.self, forKey: .chatID) { return String(number) }
        return try container.decodeIfPresent(String.self, forKey: .chatID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(url, forKey: .url)
        if !headers.isEmpty {
            let map = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            try container.encode(map, forKey: .headers)
        }
        try container.encodeIfPresent(chatID, forKey: .chatID)
        try container.encodeIfPresent(routingKey, forKey: .routingKey)
        try container.encode(DurationText.format(timeout), forKey: .timeout)
        try container.encode(maxConcurrency, forKey: .maxConcurrency)
        try container.encodeIfPresent(rateLimit, forKey: .rateLimit)
        try container.encode(grouping, forKey: .grouping)
        try container.encodeIfPresent(externalURL, forKey: .externalURL)
    }
}
