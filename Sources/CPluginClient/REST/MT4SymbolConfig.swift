/// `CfgRequestSymbol`: a symbol's server-side configuration (MT4's `ConSymbol`), the part rules read: contract size,
/// tick value and size, margins, trade mode. CPlugin sends some fifty fields; the rest are not decoded. A field
/// missing from an answer reads as zero (or empty), as MT4 leaves an unset setting.
public struct MT4SymbolConfig: Codable, Sendable, Hashable {
    public var symbol: String?
    public var description: String?
    public var currency: String?
    public var digits: Int
    /// "Disabled", "CloseOnly" or "Full".
    public var tradeMode: String?
    public var spread: Int
    public var stopsLevel: Int
    public var freezeLevel: Int
    public var contractSize: Double
    public var tickValue: Double
    public var tickSize: Double
    public var marginInitial: Double
    public var marginMaintenance: Double
    public var point: Double

    public init(
        symbol: String?, description: String?, currency: String?, digits: Int, tradeMode: String?, spread: Int,
        stopsLevel: Int, freezeLevel: Int, contractSize: Double, tickValue: Double, tickSize: Double,
        marginInitial: Double, marginMaintenance: Double, point: Double
    ) {
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
        self.point = point
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try container.decodeIfPresent(String.self, forKey: .symbol)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        digits = try container.decodeIfPresent(Int.self, forKey: .digits) ?? 0
        tradeMode = try container.decodeIfPresent(String.self, forKey: .tradeMode)
        spread = try container.decodeIfPresent(Int.self, forKey: .spread) ?? 0
        stopsLevel = try container.decodeIfPresent(Int.self, forKey: .stopsLevel) ?? 0
        freezeLevel = try container.decodeIfPresent(Int.self, forKey: .freezeLevel) ?? 0
        contractSize = try container.decodeIfPresent(Double.self, forKey: .contractSize) ?? 0
        tickValue = try container.decodeIfPresent(Double.self, forKey: .tickValue) ?? 0
        tickSize = try container.decodeIfPresent(Double.self, forKey: .tickSize) ?? 0
        marginInitial = try container.decodeIfPresent(Double.self, forKey: .marginInitial) ?? 0
        marginMaintenance = try container.decodeIfPresent(Double.self, forKey: .marginMaintenance) ?? 0
        point = try container.decodeIfPresent(Double.self, forKey: .point) ?? 0
    }

    /// MT4's trade mode number (0 disabled, 1 close only, 2 full), as the symbol stream carries it.
    public var tradeModeNumber: Int {
        switch tradeMode?.lowercased() {
        case "disabled", "no": 0
        case "closeonly", "close": 1
        default: 2
        }
    }
}
