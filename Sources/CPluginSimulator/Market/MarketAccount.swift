/// One trading account: its user record, its open positions, what its simulated client is like, and its last
/// computed and last reported margin state (so margin events go out only when the state changes meaningfully).
struct MarketAccount: Sendable {
    /// How the account's simulated client trades.
    struct Profile: Sendable {
        /// Mean decisions (mostly new orders) per hour; 0 for scripted accounts.
        var decisionsPerHour: Double
        /// Margin a typical order ties up, as a share of equity.
        var riskFraction: Double
        /// Mean holding time of an ordinary order, seconds.
        var holdMean: Double
        /// Symbols (model indices) the client trades, and their weights.
        var favorites: [Int]
        var weights: [Double]
    }

    var login: Int
    var name: String
    var country: String
    var email: String
    var phone: String
    var comment: String
    var registered: Double
    var group: Int
    var leverage: Int
    var balance: Double
    var credit: Double
    var positions: [MarketPosition] = []
    /// Open positions per symbol index.
    var symbolCounts: [Int]
    /// Scripted by the scenario: simulated clients leave it alone.
    var scripted: Bool
    var rng: SplitMix64
    var profile: Profile
    /// Unix seconds of the client's last action (online while recent).
    var lastActivity: Double

    var equity = 0.0
    var margin = 0.0
    var volumeLots = 0.0
    var level = 0.0
    var levelType = 0

    var sentEquity = 0.0
    var sentLevel = 0.0
    var sentLevelType = 0
    /// Something other than prices changed (positions, balance): report the margin state whatever it moved by.
    var structural = false

    var free: Double { equity - margin }
}
