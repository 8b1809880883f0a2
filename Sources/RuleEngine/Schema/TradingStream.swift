/// The streams of trading events rules listen to, one per CPlugin hub stream (plus the platform's connection status).
public enum TradingStream: String, Sendable, Hashable, CaseIterable, Codable {
    case margin
    case trade
    case tick
    case user
    case symbol
    case platform

    /// The stream's position in `allCases`, so per-stream tables are arrays read without hashing on every event.
    public var ordinal: Int {
        switch self {
        case .margin: 0
        case .trade: 1
        case .tick: 2
        case .user: 3
        case .symbol: 4
        case .platform: 5
        }
    }

    /// Sub-kinds a rule may narrow to, in the order of the hub's `kind` values (Added, Updated, Deleted).
    public var kinds: [String] {
        switch self {
        case .trade: return ["opened", "modified", "closed"]
        case .user, .symbol: return ["added", "updated", "deleted"]
        case .margin, .tick, .platform: return []
        }
    }
}
