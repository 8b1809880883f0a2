/// How the worker groups notifications for one receiver: everything due within `window` of the first goes out as one
/// message (up to `maxSize`), so fifty margin calls in a market spike make one Slack message with a count, not fifty.
public struct GroupingPolicy: Sendable, Hashable, Codable {
    /// How long the first notification of a group waits for company. Zero sends at once.
    public var window: Duration
    /// The most notifications in one message; more start another group.
    public var maxSize: Int

    public init(window: Duration, maxSize: Int) {
        self.window = window
        self.maxSize = maxSize
    }

    /// Every notification on its own, at once.
    public static let none = GroupingPolicy(window: .zero, maxSize: 1)

    private enum CodingKeys: String, CodingKey {
        case window, maxSize
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.window = try DurationText.decode(container, .window) ?? .seconds(10)
        self.maxSize = try container.decodeIfPresent(Int.self, forKey: .maxSize) ?? 50
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(DurationText.format(window), forKey: .window)
        try container.encode(maxSize, forKey: .maxSize)
    }
}
