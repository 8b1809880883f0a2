/// `UserRecordGet/{login}`: an account's user record.
public struct MT4User: Codable, Sendable, Hashable {
    public var login: Int
    public var group: String?
    public var name: String?
    public var registrationDate: String
    public var lastDate: String
    public var externalId: String?
    public var status: String?
    public var country: String?
    public var city: String?
    public var state: String?
    public var zipCode: String?
    public var address: String?
    public var leadSource: String?
    public var phone: String?
    public var email: String?
    public var comment: String?
    public var leverage: Int
    public var agentAccount: Int
    public var lastIP: Int
    public var balance: Double
    public var credit: Double
    public var prevMonthBalance: Double
    public var prevBalance: Double
    public var prevMonthEquity: Double
    public var prevEquity: Double
    public var interestRate: Double
    public var taxes: Double
    public var enableFlags: Int
    public var sendReports: Int
    public var mqid: Int
    public var userColor: Int

    /// A record with the fields a simulator knows; the rest zero or empty, as MT4 leaves them for new accounts.
    public init(
        login: Int, group: String?, name: String?, registrationDate: String, lastDate: String, country: String?,
        phone: String?, email: String?, comment: String?, leverage: Int, balance: Double, credit: Double,
        enableFlags: Int
    ) {
        self.login = login
        self.group = group
        self.name = name
        self.registrationDate = registrationDate
        self.lastDate = lastDate
        self.externalId = ""
        self.status = "RE"
        self.country = country
        self.city = ""
        self.state = ""
        self.zipCode = ""
        self.address = ""
        self.leadSource = ""
        self.phone = phone
        self.email = email
        self.comment = comment
        self.leverage = leverage
        self.agentAccount = 0
        self.lastIP = 0
        self.balance = balance
        self.credit = credit
        self.prevMonthBalance = balance
        self.prevBalance = balance
        self.prevMonthEquity = balance
        self.prevEquity = balance
        self.interestRate = 0
        self.taxes = 0
        self.enableFlags = enableFlags
        self.sendReports = 1
        self.mqid = 0
        self.userColor = -16_777_216
    }
}
