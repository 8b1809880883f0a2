/// A symbol's settings added, updated or deleted (`StreamSymbolUpdates`).
public struct SymbolUpdatePayload: Sendable, Hashable, Codable {
    public var kind: UpdateKind
    public var symbol: String
    public var description: String
    public var currency: String
    public var digits: Int
    public var tradeMode: Int
    public var spread: Int
    public var stopsLevel: Int
    public var freezeLevel: Int
    public var contractSize: Double
    public var tickValue: Double
    public var tickSize: Double
    public var marginInitial: Double
    public var marginMaintenance: Double

    public init(
        kind: UpdateKind, symbol: String, description: String, currency: String, digits: Int, tradeMode: Int = 2,
        spread: Int = 0, stopsLevel: Int = 0, freezeLevel: Int = 0, contractSize: Double, tickValue: Double,
        tickSize: Double, marginInitial: Double = 0, marginMaintenance: Double = 0
    ) {
        self.kind = kind
        self.symbol = symbol
        self.description = description
        self.currency = currency
        self.digits = digits
        self.tradeMode = tradeMode
        self.spread = spread
        self.stopsLevel = stopsLevel
        self.freezeLevel = freezeLevel
        self.contractSize = contractSize
        self.tickValue = tickValue
        self.tickSize = tickSize
        self.marginInitial = marginInitial
        self.marginMaintenance = marginMaintenance
    }

    enum CodingKeys: String, CodingKey {
        case kind, symbol, description, currency, digits, tradeMode, spread, stopsLevel, freezeLevel, contractSize
        case tickValue, tickSize, marginInitial, marginMaintenance
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = (try? c.decodeIfPresent(UpdateKind.self, forKey: .kind)) ?? .updated
        symbol = c.lenientString(.symbol)
        description = c.lenientString(.description)
        currency = c.lenientString(.currency)
        digits = c.lenientInt(.digits)
        tradeMode = c.lenientInt(.tradeMode)
        spread = c.lenientInt(.spread)
        stopsLevel = c.lenientInt(.stopsLevel)
        freezeLevel = c.lenientInt(.freezeLevel)
        contractSize = c.lenientDouble(.contractSize)
        tickValue = c.lenientDouble(.tickValue)
        tickSize = c.lenientDouble(.tickSize)
        marginInitial = c.lenientDouble(.marginInitial)
        marginMaintenance = c.lenientDouble(.marginMaintenance)
    }
}
