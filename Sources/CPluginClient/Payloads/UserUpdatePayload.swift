import Foundation

/// An account added, updated or deleted (`StreamUserUpdates`).
public struct UserUpdatePayload: Sendable, Hashable, Codable {
    public var kind: UpdateKind
    public var login: Int
    public var group: String
    public var name: String
    public var country: String
    public var leverage: Int
    public var balance: Double
    public var credit: Double
    public var enabled: Bool
    public var readOnly: Bool
    public var regDate: Date?
    public var lastDate: Date?
    public var email: String
    public var phone: String
    public var comment: String

    public init(
        kind: UpdateKind, login: Int, group: String, name: String, country: String = "", leverage: Int,
        balance: Double, credit: Double = 0, enabled: Bool = true, readOnly: Bool = false, regDate: Date? = nil,
        lastDate: Date? = nil, email: String = "", phone: String = "", comment: String = ""
    ) {
        self.kind = kind
        self.login = login
        self.group = group
        self.name = name
        self.country = country
        self.leverage = leverage
        self.balance = balance
        self.credit = credit
        self.enabled = enabled
        self.readOnly = readOnly
        self.regDate = regDate
        self.lastDate = lastDate
        self.email = email
        self.phone = phone
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case kind, login, group, name, country, leverage, balance, credit, enabled, readOnly, regDate, lastDate
        case email, phone, comment
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = (try? c.decodeIfPresent(UpdateKind.self, forKey: .kind)) ?? .updated
        login = c.lenientInt(.login)
        group = c.lenientString(.group)
        name = c.lenientString(.name)
        country = c.lenientString(.country)
        leverage = c.lenientInt(.leverage)
        balance = c.lenientDouble(.balance)
        credit = c.lenientDouble(.credit)
        enabled = c.lenientBool(.enabled, default: true)
        readOnly = c.lenientBool(.readOnly)
        regDate = c.lenientDate(.regDate)
        lastDate = c.lenientDate(.lastDate)
        email = c.lenientString(.email)
        phone = c.lenientString(.phone)
        comment = c.lenientString(.comment)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(login, forKey: .login)
        try c.encode(group, forKey: .group)
        try c.encode(name, forKey: .name)
        try c.encode(country, forKey: .country)
        try c.encode(leverage, forKey: .leverage)
        try c.encode(balance, forKey: .balance)
        try c.encode(credit, forKey: .credit)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(readOnly, forKey: .readOnly)
        try c.encode(regDate.map(HubTime.format), forKey: .regDate)
        try c.encode(lastDate.map(HubTime.format), forKey: .lastDate)
        try c.encode(email, forKey: .email)
        try c.encode(phone, forKey: .phone)
        try c.encode(comment, forKey: .comment)
    }
}
