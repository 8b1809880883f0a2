/// `MarginsGet` / `MarginLevelGet/{login}`: an account's margin state.
public struct MT4MarginLevel: Codable, Sendable, Hashable {
    public var login: Int
    public var group: String?
    public var leverage: Int
    /// MT4 unix time.
    public var updated: Int
    public var balance: Double
    public var equity: Double
    /// Open volume in MT4 units (lots × 100).
    public var volume: Int
    public var margin: Double
    public var free: Double
    public var level: Double
    /// "Percent" or "Currency".
    public var controllingType: String
    /// "Ok", "MarginCall" or "StopOut".
    public var levelType: String

    public init(
        login: Int, group: String?, leverage: Int, updated: Int, balance: Double, equity: Double, volume: Int,
        margin: Double, free: Double, level: Double, controllingType: String, levelType: String
    ) {
        self.login = login
        self.group = group
        self.leverage = leverage
        self.updated = updated
        self.balance = balance
        self.equity = equity
        self.volume = volume
        self.margin = margin
        self.free = free
        self.level = level
        self.controllingType = controllingType
        self.levelType = levelType
    }
}
