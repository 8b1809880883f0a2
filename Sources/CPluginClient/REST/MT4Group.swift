/// `GroupRecordGet/{group}`: a group's settings, including its margin-call and stop-out levels.
public struct MT4Group: Codable, Sendable, Hashable {
    public var group: String?
    public var enable: Int
    public var timeout: Int
    /// "Disabled" or "TOTP_SHA256".
    public var otpMode: String
    public var company: String?
    public var signature: String?
    public var supportPage: String?
    public var supportEmail: String?
    public var copies: Int
    public var reports: Int
    public var defaultLeverage: Int
    public var defaultDeposit: Double
    public var maxSecurities: Int
    public var secMarginsTotal: Int
    public var currency: String?
    public var credit: Double
    /// Margin-call level (percent, or money when controlled by currency).
    public var marginCall: Int
    /// "DontUse", "UseAll", "UseProfit", "UseLoss".
    public var marginMode: String
    public var marginStopout: Int
    public var interestRate: Double
    public var useSwap: Int
    /// "No", "Topics", "Full".
    public var newsMode: String
    public var groupRights: String
    public var checkIEPrices: Int
    public var maxPositions: Int
    public var closeReopen: Int
    public var hedgeProhibited: Int
    public var closeFIFO: Int
    public var hedgeLargeLeg: Int
    /// "Percent" or "Currency".
    public var marginControllingType: String
    public var archivePeriod: Int
    public var archiveMaxBalance: Int
    public var stopoutSkipHedged: Int
    public var archivePendingPeriod: Int

    /// A group with the settings a simulator models; the rest as a fresh MT4 group has them.
    public init(
        group: String, company: String, currency: String, defaultLeverage: Int, defaultDeposit: Double,
        marginCall: Int, marginStopout: Int, marginMode: String, marginControllingType: String
    ) {
        self.group = group
        self.enable = 1
        self.timeout = 60
        self.otpMode = "Disabled"
        self.company = company
        self.signature = ""
        self.supportPage = ""
        self.supportEmail = ""
        self.copies = 0
        self.reports = 1
        self.defaultLeverage = defaultLeverage
        self.defaultDeposit = defaultDeposit
        self.maxSecurities = 4096
        self.secMarginsTotal = 0
        self.currency = currency
        self.credit = 0
        self.marginCall = marginCall
        self.marginMode = marginMode
        self.marginStopout = marginStopout
        self.interestRate = 0
        self.useSwap = 1
        self.newsMode = "Full"
        self.groupRights = "Signals"
        self.checkIEPrices = 0
        self.maxPositions = 0
        self.closeReopen = 0
        self.hedgeProhibited = 0
        self.closeFIFO = 0
        self.hedgeLargeLeg = 0
        self.marginControllingType = marginControllingType
        self.archivePeriod = 0
        self.archiveMaxBalance = 0
        self.stopoutSkipHedged = 0
        self.archivePendingPeriod = 0
    }
}
