/// `TradesGet` / `TradesGet/{ticket}`: a trade record.
public struct MT4Trade: Codable, Sendable, Hashable {
    public var order: Int
    public var login: Int
    public var symbol: String?
    public var digits: Int
    /// "Buy", "Sell", "BuyLimit", "SellLimit", "BuyStop", "SellStop", "Balance", "Credit".
    public var tradeCommand: String
    /// MT4 units (lots × 100).
    public var volume: Int
    public var volumeLots: Double
    /// "OpenNormal", "ClosedNormal", "Deleted", …
    public var tradeRecordState: String
    public var openPrice: Double
    public var sl: Double
    public var tp: Double
    public var openTime: String
    public var closeTime: String
    public var closePrice: Double
    public var commission: Double
    public var commissionAgent: Double
    public var storage: Double
    public var profit: Double
    public var taxes: Double
    public var magic: Int
    public var comment: String?
    public var expiration: String
    /// "Client", "Expert", "Dealer", …
    public var tradeRecordReason: String
    /// "None", "SL", "TP", "Stopout", …
    public var activationType: String
    public var timeStamp: String
    public var marginRate: Double

    public init(
        order: Int, login: Int, symbol: String?, digits: Int, tradeCommand: String, volume: Int, volumeLots: Double,
        tradeRecordState: String, openPrice: Double, sl: Double, tp: Double, openTime: String, closeTime: String,
        closePrice: Double, commission: Double, commissionAgent: Double, storage: Double, profit: Double,
        taxes: Double, magic: Int, comment: String?, expiration: String, tradeRecordReason: String,
        activationType: String, timeStamp: String, marginRate: Double
    ) {
        self.order = order
        self.login = login
        self.symbol = symbol
        self.digits = digits
        self.tradeCommand = tradeCommand
        self.volume = volume
        self.volumeLots = volumeLots
        self.tradeRecordState = tradeRecordState
        self.openPrice = openPrice
        self.sl = sl
        self.tp = tp
        self.openTime = openTime
        self.closeTime = closeTime
        self.closePrice = closePrice
        self.commission = commission
        self.commissionAgent = commissionAgent
        self.storage = storage
        self.profit = profit
        self.taxes = taxes
        self.magic = magic
        self.comment = comment
        self.expiration = expiration
        self.tradeRecordReason = tradeRecordReason
        self.activationType = activationType
        self.timeStamp = timeStamp
        self.marginRate = marginRate
    }
}
