/// An MT4 account group's settings that matter to margin and to rules (`GroupRecordGet`): deposit currency,
/// default leverage, and the margin-call and stop-out levels the model grades each account's margin level against.
public struct GroupSettings: Sendable, Hashable {
    public var name: String
    public var company: String
    /// Deposit currency. Every simulated group is in USD, so account figures need no conversion.
    public var currency: String
    public var defaultLeverage: Int
    public var defaultDeposit: Double
    /// Margin level (percent) at or below which an account is in margin call (`levelType` 1).
    public var marginCall: Int
    /// Margin level (percent) at or below which positions are closed, largest loss first (`levelType` 2).
    public var marginStopout: Int
    /// MT4 `margin_mode`: 0 don't use floating P&L, 1 use all, 2 use profit only, 3 use loss only. The model uses
    /// all floating P&L (1), the usual setting.
    public var marginMode: Int
    /// 0: margin levels in percent, 1: in deposit currency. Always 0 here.
    public var marginControllingType: Int
    /// Commission charged when an order opens, in USD per lot (negative in trade records). Zero for spread-only
    /// groups.
    public var commissionPerLot: Double
    public var enabled: Bool
    public var maxPositions: Int
    public var hedgeProhibited: Bool

    public init(
        name: String, company: String = "Simulated Markets Ltd", currency: String = "USD", defaultLeverage: Int,
        defaultDeposit: Double = 0, marginCall: Int, marginStopout: Int, marginMode: Int = 1,
        marginControllingType: Int = 0, commissionPerLot: Double = 0, enabled: Bool = true, maxPositions: Int = 0,
        hedgeProhibited: Bool = false
    ) {
        self.name = name
        self.company = company
        self.currency = currency
        self.defaultLeverage = defaultLeverage
        self.defaultDeposit = defaultDeposit
        self.marginCall = marginCall
        self.marginStopout = marginStopout
        self.marginMode = marginMode
        self.marginControllingType = marginControllingType
        self.commissionPerLot = commissionPerLot
        self.enabled = enabled
        self.maxPositions = maxPositions
        self.hedgeProhibited = hedgeProhibited
    }

    /// MT4's `levelType` for a margin level: 2 stop out, 1 margin call, 0 ok. An account without margin in use is
    /// always ok (MT4 reports its level as 0).
    public func levelType(level: Double, margin: Double) -> Int {
        guard margin > 0 else { return 0 }
        if level <= Double(marginStopout) { return 2 }
        if level <= Double(marginCall) { return 1 }
        return 0
    }

    /// The simulator's groups: real accounts (standard and ECN, margin call 100 %, stop out 50 %), VIP and demo.
    public static let catalog: [GroupSettings] = [
        GroupSettings(name: "real-std", defaultLeverage: 100, marginCall: 100, marginStopout: 50),
        GroupSettings(
            name: "real-ecn", defaultLeverage: 200, marginCall: 100, marginStopout: 50, commissionPerLot: 7),
        GroupSettings(name: "vip-pro", defaultLeverage: 100, marginCall: 80, marginStopout: 30, commissionPerLot: 4),
        GroupSettings(
            name: "demo-std", defaultLeverage: 100, defaultDeposit: 10_000, marginCall: 50, marginStopout: 30),
    ]
}
