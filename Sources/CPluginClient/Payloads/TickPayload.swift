import Foundation

/// A price quote (`OnTick`, `StreamTicks`).
public struct TickPayload: Sendable, Hashable, Codable {
    public var symbol: String
    public var bid: Double
    public var ask: Double
    /// The server's time of the quote; null on the wire when unknown.
    public var lastTime: Date?

    public init(symbol: String, bid: Double, ask: Double, lastTime: Date?) {
        self.symbol = symbol
        self.bid = bid
        self.ask = ask
        self.lastTime = lastTime
    }

    enum CodingKeys: String, CodingKey {
        case symbol, bid, ask, lastTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = container.lenientString(.symbol)
        bid = container.lenientDouble(.bid)
        ask = container.lenientDouble(.ask)
        lastTime = container.lenientDate(.lastTime)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(bid, forKey: .bid)
        try container.encode(ask, forKey: .ask)
        try container.encode(lastTime.map(HubTime.format), forKey: .lastTime)
    }
}

/// The legacy v1 hub's tick (`onTick(tradePlatform, {Symbol, Bid, Ask})`), PascalCase on the wire.
public struct LegacyTickPayload: Sendable, Hashable, Codable {
    public var symbol: String
    public var bid: Double
    public var ask: Double

    public init(symbol: String, bid: Double, ask: Double) {
        self.symbol = symbol
        self.bid = bid
        self.ask = ask
    }

    enum CodingKeys: String, CodingKey {
        case symbol = "Symbol", bid = "Bid", ask = "Ask"
    }
}

/// `OnConnectionStatus`: the platform's data pump is up or down.
public struct ConnectionStatusPayload: Sendable, Hashable, Codable {
    public var connected: Bool

    public init(connected: Bool) {
        self.connected = connected
    }
}
