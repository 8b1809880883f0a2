import Foundation

/// What a simulated market looks like: its seed, size and start time. Two models built from equal configurations
/// (and the same scenario) produce the same events.
public struct MarketConfiguration: Sendable, Hashable {
    /// Seeds every random choice: prices, spreads, accounts, their positions and their clients' trading.
    public var seed: UInt64
    /// How many accounts (logins `firstLogin`, `firstLogin + 1`, …). Logins a scenario names are added if missing.
    public var accounts: Int
    /// How many symbols, taken in order from the catalog (EURUSD, GBPUSD, USDJPY, USDCHF, AUDUSD, USDCAD, NZDUSD,
    /// EURGBP, XAUUSD, XAGUSD, US30, BTCUSD, then more crosses, indices and crypto). Symbols a scenario names are
    /// added if missing.
    public var symbols: Int
    /// Simulated time of the initial state. The default is a Monday at noon UTC, inside FX market hours.
    public var start: Date
    /// The fixed simulated increment `advance(to:)` steps in. Smaller steps give finer tick times and cost more.
    public var step: TimeInterval
    /// The first account's login.
    public var firstLogin: Int
    /// Multiplies every symbol's realistic volatility (1 = realistic; markets are quiet over a few minutes).
    public var volatility: Double
    /// Multiplies how often simulated clients trade (0 stops them; scenario actions still run).
    public var activity: Double
    /// How many closed trades `trade(order:)` still finds.
    public var recentlyClosedLimit: Int

    /// 2026-01-05 12:00:00 UTC, a Monday: FX is open and market-hours rules are active.
    public static let defaultStart = Date(timeIntervalSince1970: 1_767_614_400)

    public init(
        seed: UInt64 = 1, accounts: Int = 50, symbols: Int = 12, start: Date = MarketConfiguration.defaultStart,
        step: TimeInterval = 0.1, firstLogin: Int = 1001, volatility: Double = 1, activity: Double = 1,
        recentlyClosedLimit: Int = 10_000
    ) {
        self.seed = seed
        self.accounts = accounts
        self.symbols = symbols
        self.start = start
        self.step = step
        self.firstLogin = firstLogin
        self.volatility = volatility
        self.activity = activity
        self.recentlyClosedLimit = recentlyClosedLimit
    }
}
