/// `TickInfoLast[/{symbol}]`: the last tick of a symbol.
public struct MT4TickInfo: Codable, Sendable, Hashable {
    public var symbol: String?
    public var time: String
    public var bid: Double
    public var ask: Double

    public init(symbol: String?, time: String, bid: Double, ask: Double) {
        self.symbol = symbol
        self.time = time
        self.bid = bid
        self.ask = ask
    }
}

/// `SymbolInfoGet?symbol=`: a symbol's live quote summary.
public struct MT4SymbolInfo: Codable, Sendable, Hashable {
    public var symbol: String?
    public var digits: Int
    public var type: Int
    public var point: Double
    public var spread: Int
    /// "Up", "Down" or "None".
    public var direction: String
    public var bid: Double
    public var ask: Double
    public var high: Double
    public var low: Double
    public var lastTime: String?

    public init(
        symbol: String?, digits: Int, type: Int, point: Double, spread: Int, direction: String, bid: Double,
        ask: Double, high: Double, low: Double, lastTime: String?
    ) {
        self.symbol = symbol
        self.digits = digits
        self.type = type
        self.point = point
        self.spread = spread
        self.direction = direction
        self.bid = bid
        self.ask = ask
        self.high = high
        self.low = low
        self.lastTime = lastTime
    }
}

/// `OnlineGet`: an account connected now.
public struct MT4Online: Codable, Sendable, Hashable {
    public var login: Int
    public var group: String?

    public init(login: Int, group: String?) {
        self.login = login
        self.group = group
    }
}
