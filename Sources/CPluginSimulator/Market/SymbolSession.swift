/// A symbol's session statistics, for `SymbolInfoGet` (MT4 `SymbolInfo`: high, low, direction of the last tick).
public struct SymbolSession: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case up = "Up"
        case down = "Down"
        case none = "None"
    }

    public var symbol: String
    public var digits: Int
    public var point: Double
    /// Current spread in points.
    public var spread: Int
    public var bid: Double
    public var ask: Double
    /// Highest and lowest bid since the model started.
    public var high: Double
    public var low: Double
    public var direction: Direction

    public init(
        symbol: String, digits: Int, point: Double, spread: Int, bid: Double, ask: Double, high: Double, low: Double,
        direction: Direction
    ) {
        self.symbol = symbol
        self.digits = digits
        self.point = point
        self.spread = spread
        self.bid = bid
        self.ask = ask
        self.high = high
        self.low = low
        self.direction = direction
    }
}
