/// A rule's `limit N per D` counts, saved so a flood held back before a restart is still limited, and summarised,
/// after it.
public struct FloodLimiterSnapshot: Codable, Sendable, Hashable {
    public var windowStart: Int64?
    public var sent: Int
    public var suppressed: Int
    public var suppressedKeys: [String]
    public var suppressedSince: Int64?
    public var moreKeys: Bool
}
