/// At most `count` deliveries per `interval`, like the rule language's `limit 20 per 1m`: chat services throttle
/// senders (Slack allows about one message a second per webhook), so the worker spaces deliveries out instead of
/// collecting 429s.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public var count: Int
    public var interval: Duration

    public init(count: Int, per interval: Duration) {
        self.count = count
        self.interval = interval
    }

    /// `20 per 1m`.
    public var description: String { "\(count) per \(DurationText.format(interval))" }

    /// Reads `20 per 1m` (the rule language's form).
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[1] == "per", let count = Int(words[0]),
            let interval = DurationText.parse(String(words[2]))
        else { return nil }
        self.init(count: count, per: interval)
    }
}

/// Configuration form: `"20 per 1m"`, or `{count: 20, per: 1m}`.
extension RateLimit: Codable {
    private enum CodingKeys: String, CodingKey {
        case count, per
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard let limit = RateLimit(parsing: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "'\(text)' is not a rate limit: write it like \"20 per 1m\""))
            }
            self = limit
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let count = try container.decode(Int.self, forKey: .count)
        guard let interval = try DurationText.decode(container, .per) else {
            throw DecodingError.keyNotFound(
                CodingKeys.per, .init(codingPath: decoder.codingPath, debugDescription: "a rate limit needs `per`"))
        }
        self.init(count: count, per: interval)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
