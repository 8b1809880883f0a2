/// An account's margin state (`StreamMarginCallUpdates`).
public struct MarginCallPayload: Sendable, Hashable, Codable {
    public var login: Int
    public var group: String
    public var leverage: Int
    /// MT4 unix time (seconds).
    public var updated: Int
    public var balance: Double
    public var equity: Double
    public var volumeLots: Double
    public var margin: Double
    public var free: Double
    /// Margin level in percent (equity / margin × 100).
    public var level: Double
    /// 0 percent, 1 currency.
    public var controllingType: Int
    /// 0 ok, 1 margin call, 2 stop out.
    public var levelType: Int

    public init(
        login: Int, group: String, leverage: Int, updated: Int, balance: Double, equity: Double, volumeLots: Double,
        margin: Double, free: Double, level: Double, controllingType: Int, levelType: Int
    ) {
        self.login = login
        self.group = group
        self.leverage = leverage
        self.updated = updated
        self.balance = balance
        self.equity = equity
        self.volumeLots = volumeLots
        self.margin = margin
        self.free = free
        self.level = level
        self.controllingType = controllingType
        self.levelType = levelType
    }

    enum CodingKeys: String, CodingKey {
        case login, group, leverage, updated, balance, equity, volumeLots, margin, free, level, controllingType
        case levelType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        login = c.lenientInt(.login)
        group = c.lenientString(.group)
        leverage = c.lenientInt(.leverage)
        updated = c.lenientInt(.updated)
        balance = c.lenientDouble(.balance)
        equity = c.lenientDouble(.equity)
        volumeLots = c.lenientDouble(.volumeLots)
        margin = c.lenientDouble(.margin)
        free = c.lenientDouble(.free)
        level = c.lenientDouble(.level)
        controllingType = Self.enumValue(c, .controllingType, names: ["percent", "currency"])
        levelType = Self.enumValue(c, .levelType, names: ["ok", "margincall", "stopout"])
    }

    /// Enums may arrive as numbers or as names.
    static func enumValue(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, names: [String]) -> Int {
        if let name = try? c.decodeIfPresent(String.self, forKey: key),
            let index = names.firstIndex(of: name.lowercased())
        {
            return index
        }
        return c.lenientInt(key)
    }
}
