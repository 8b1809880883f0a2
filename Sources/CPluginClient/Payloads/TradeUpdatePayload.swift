import Foundation

/// A trade added, updated or deleted (`StreamTrades`), including balance and credit operations (cmd 6 and 7).
public struct TradeUpdatePayload: Sendable, Hashable, Codable {
    public var kind: UpdateKind
    public var order: Int
    public var login: Int
    public var symbol: String
    /// MT4 `OP_*`: 0 buy, 1 sell, 2 buy limit, 3 sell limit, 4 buy stop, 5 sell stop, 6 balance, 7 credit.
    public var cmd: Int
    public var volumeLots: Double
    public var openPrice: Double
    public var openTime: Date?
    public var sl: Double
    public var tp: Double
    public var closePrice: Double
    public var closeTime: Date?
    public var commission: Double
    public var storage: Double
    public var profit: Double
    public var taxes: Double
    public var comment: String

    public init(
        kind: UpdateKind, order: Int, login: Int, symbol: String, cmd: Int, volumeLots: Double, openPrice: Double,
        openTime: Date?, sl: Double = 0, tp: Double = 0, closePrice: Double, closeTime: Date?,
        commission: Double = 0, storage: Double = 0, profit: Double, taxes: Double = 0, comment: String = ""
    ) {
        self.kind = kind
        self.order = order
        self.login = login
        self.symbol = symbol
        self.cmd = cmd
        self.volumeLots = volumeLots
        self.openPrice = openPrice
        self.openTime = openTime
        self.sl = sl
        self.tp = tp
        self.closePrice = closePrice
        self.closeTime = closeTime
        self.commission = commission
        self.storage = storage
        self.profit = profit
        self.taxes = taxes
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case kind, order, login, symbol, cmd, volumeLots, openPrice, openTime, sl, tp, closePrice, closeTime
        case commission, storage, profit, taxes, comment
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = (try? c.decodeIfPresent(UpdateKind.self, forKey: .kind)) ?? .updated
        order = c.lenientInt(.order)
        login = c.lenientInt(.login)
        symbol = c.lenientString(.symbol)
        cmd = c.lenientInt(.cmd)
        volumeLots = c.lenientDouble(.volumeLots)
        openPrice = c.lenientDouble(.openPrice)
        openTime = c.lenientDate(.openTime)
        sl = c.lenientDouble(.sl)
        tp = c.lenientDouble(.tp)
        closePrice = c.lenientDouble(.closePrice)
        closeTime = c.lenientDate(.closeTime)
        commission = c.lenientDouble(.commission)
        storage = c.lenientDouble(.storage)
        profit = c.lenientDouble(.profit)
        taxes = c.lenientDouble(.taxes)
        comment = c.lenientString(.comment)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(order, forKey: .order)
        try c.encode(login, forKey: .login)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(cmd, forKey: .cmd)
        try c.encode(volumeLots, forKey: .volumeLots)
        try c.encode(openPrice, forKey: .openPrice)
        try c.encode(openTime.map(HubTime.format), forKey: .openTime)
        try c.encode(sl, forKey: .sl)
        try c.encode(tp, forKey: .tp)
        try c.encode(closePrice, forKey: .closePrice)
        try c.encode(closeTime.map(HubTime.format), forKey: .closeTime)
        try c.encode(commission, forKey: .commission)
        try c.encode(storage, forKey: .storage)
        try c.encode(profit, forKey: .profit)
        try c.encode(taxes, forKey: .taxes)
        try c.encode(comment, forKey: .comment)
    }
}
