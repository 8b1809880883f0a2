/// The streams of trading events rules listen to, one per CPlugin hub stream (plus the platform's connection status).
public enum TradingStream: String, Sendable, Hashable, CaseIterable, Codable {
    case margin
    case trade
    case tick
    case user
    case symbol
    case platform

    /// Sub-kinds a rule may narrow to, in the order of the hub's `kind` values (Added, Updated, Deleted).
    public var kinds: [String] {
        switch self {
        case .trade: return ["opened", "modified", "closed"]
        case .user, .symbol: return ["added", "updated", "deleted"]
        case .margin, .tick, .platform: return []
        }
    }
}
