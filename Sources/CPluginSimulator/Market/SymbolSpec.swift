/// A tradable symbol's fixed settings: what MT4 keeps in its symbol configuration, plus the statistics the price
/// walk needs. The values are typical retail-broker ones (early 2024 price levels).
struct SymbolSpec: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case forex, metal, index, crypto
    }

    var name: String
    var description: String
    var kind: Kind
    /// Base currency for FX and metals; empty for indices.
    var base: String
    /// Profit currency: what a price difference is counted in.
    var quote: String
    var digits: Int
    var contractSize: Double
    /// A realistic starting mid price.
    var referenceMid: Double
    /// Typical spread in points.
    var spreadPoints: Int
    /// Annualised volatility (0.07 = 7 %).
    var annualVolatility: Double
    /// Mean quote updates per second in active hours.
    var ticksPerSecond: Double
    /// Margin is multiplied by this (crypto is margined at a fifth of the account leverage, say).
    var marginFactor: Double
    var stopsLevel: Int
    /// How popular the symbol is with simulated clients (relative weight).
    var popularity: Double

    var point: Double { 1 / PortableMath.powerOfTen(digits) }

    /// Volatility per square root of a second: annual volatility over √(252 trading days × 86 400 s).
    var volatilityPerRootSecond: Double { annualVolatility / 4665.0 }

    private static func fx(
        _ name: String, _ description: String, digits: Int, mid: Double, spread: Int, volatility: Double,
        ticks: Double, popularity: Double
    ) -> SymbolSpec {
        SymbolSpec(
            name: name, description: description, kind: .forex, base: String(name.prefix(3)),
            quote: String(name.suffix(3)), digits: digits, contractSize: 100_000, referenceMid: mid,
            spreadPoints: spread, annualVolatility: volatility, ticksPerSecond: ticks, marginFactor: 1, stopsLevel: 10,
            popularity: popularity)
    }

    /// Every symbol the simulator knows, in the order `MarketConfiguration.symbols` takes them.
    static let catalog: [SymbolSpec] = [
        fx(
            "EURUSD", "Euro vs US Dollar", digits: 5, mid: 1.0850, spread: 12, volatility: 0.07, ticks: 5,
            popularity: 10),
        fx(
            "GBPUSD", "Great Britain Pound vs US Dollar", digits: 5, mid: 1.2700, spread: 15, volatility: 0.08,
            ticks: 4, popularity: 6),
        fx(
            "USDJPY", "US Dollar vs Japanese Yen", digits: 3, mid: 148.50, spread: 14, volatility: 0.09, ticks: 4,
            popularity: 6),
        fx(
            "USDCHF", "US Dollar vs Swiss Franc", digits: 5, mid: 0.8800, spread: 16, volatility: 0.07, ticks: 2.5,
            popularity: 2),
        fx(
            "AUDUSD", "Australian Dollar vs US Dollar", digits: 5, mid: 0.6550, spread: 14, volatility: 0.10, ticks: 2,
            popularity: 3),
        fx(
            "USDCAD", "US Dollar vs Canadian Dollar", digits: 5, mid: 1.3550, spread: 18, volatility: 0.06, ticks: 2,
            popularity: 2),
        fx(
            "NZDUSD", "New Zealand Dollar vs US Dollar", digits: 5, mid: 0.6050, spread: 20, volatility: 0.10,
            ticks: 1.5, popularity: 1),
        fx(
            "EURGBP", "Euro vs Great Britain Pound", digits: 5, mid: 0.8550, spread: 15, volatility: 0.05, ticks: 1.5,
            popularity: 1),
        SymbolSpec(
            name: "XAUUSD", description: "Gold vs US Dollar", kind: .metal, base: "XAU", quote: "USD", digits: 2,
            contractSize: 100, referenceMid: 2050.00, spreadPoints: 30, annualVolatility: 0.15, ticksPerSecond: 4,
            marginFactor: 1, stopsLevel: 20, popularity: 8),
        SymbolSpec(
            name: "XAGUSD", description: "Silver vs US Dollar", kind: .metal, base: "XAG", quote: "USD", digits: 3,
            contractSize: 5000, referenceMid: 23.500, spreadPoints: 25, annualVolatility: 0.25, ticksPerSecond: 2,
            marginFactor: 1, stopsLevel: 20, popularity: 2),
        SymbolSpec(
            name: "US30", description: "Dow Jones Industrial Average", kind: .index, base: "", quote: "USD", digits: 1,
            contractSize: 1, referenceMid: 37_500.0, spreadPoints: 20, annualVolatility: 0.15, ticksPerSecond: 2,
            marginFactor: 1, stopsLevel: 50, popularity: 3),
        SymbolSpec(
            name: "BTCUSD", description: "Bitcoin vs US Dollar", kind: .crypto, base: "BTC", quote: "USD", digits: 2,
            contractSize: 1, referenceMid: 42_000.00, spreadPoints: 3000, annualVolatility: 0.60, ticksPerSecond: 3,
            marginFactor: 5, stopsLevel: 0, popularity: 3),
        fx(
            "EURJPY", "Euro vs Japanese Yen", digits: 3, mid: 161.10, spread: 20, volatility: 0.09, ticks: 2,
            popularity: 1),
        fx(
            "GBPJPY", "Great Britain Pound vs Japanese Yen", digits: 3, mid: 188.60, spread: 28, volatility: 0.11,
            ticks: 1.5, popularity: 1),
        SymbolSpec(
            name: "ETHUSD", description: "Ethereum vs US Dollar", kind: .crypto, base: "ETH", quote: "USD", digits: 2,
            contractSize: 1, referenceMid: 2250.00, spreadPoints: 250, annualVolatility: 0.75, ticksPerSecond: 2,
            marginFactor: 5, stopsLevel: 0, popularity: 1),
        SymbolSpec(
            name: "US500", description: "S&P 500 Index", kind: .index, base: "", quote: "USD", digits: 2,
            contractSize: 1,
            referenceMid: 4750.00, spreadPoints: 50, annualVolatility: 0.14, ticksPerSecond: 2, marginFactor: 1,
            stopsLevel: 50, popularity: 1),
        SymbolSpec(
            name: "GER40", description: "Germany 40 Index", kind: .index, base: "", quote: "EUR", digits: 1,
            contractSize: 1, referenceMid: 16_700.0, spreadPoints: 15, annualVolatility: 0.16, ticksPerSecond: 2,
            marginFactor: 1, stopsLevel: 50, popularity: 1),
        SymbolSpec(
            name: "UK100", description: "UK 100 Index", kind: .index, base: "", quote: "GBP", digits: 1,
            contractSize: 1,
            referenceMid: 7650.0, spreadPoints: 15, annualVolatility: 0.13, ticksPerSecond: 1.5, marginFactor: 1,
            stopsLevel: 50, popularity: 1),
        fx(
            "AUDJPY", "Australian Dollar vs Japanese Yen", digits: 3, mid: 97.30, spread: 22, volatility: 0.11,
            ticks: 1.5, popularity: 1),
        fx(
            "EURCHF", "Euro vs Swiss Franc", digits: 5, mid: 0.9540, spread: 20, volatility: 0.06, ticks: 1.5,
            popularity: 1),
    ]

    static func index(named name: String) -> Int? {
        catalog.firstIndex { $0.name == name }
    }
}
