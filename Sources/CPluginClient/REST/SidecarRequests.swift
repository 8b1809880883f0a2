/// `POST MailSend` on the x86 sidecar: MT4 internal mail to client terminals.
public struct MT4MailSendRequest: Codable, Sendable, Hashable {
    /// 0 means the client cannot reply.
    public var senderLogin: Int
    /// Up to 64 characters.
    public var senderName: String?
    /// Up to 128 characters.
    public var subject: String?
    /// Required, non-empty.
    public var body: String?
    /// 1 to 10,000 recipients.
    public var logins: [Int]?

    public init(senderLogin: Int = 0, senderName: String?, subject: String?, body: String?, logins: [Int]?) {
        self.senderLogin = senderLogin
        self.senderName = senderName
        self.subject = subject
        self.body = body
        self.logins = logins
    }

    enum CodingKeys: String, CodingKey {
        case senderLogin, senderName, subject, body, logins
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        senderLogin = try c.decodeIfPresent(Int.self, forKey: .senderLogin) ?? 0
        senderName = try c.decodeIfPresent(String.self, forKey: .senderName)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        logins = try c.decodeIfPresent([Int].self, forKey: .logins)
    }

    public static let senderNameLimit = 64
    public static let subjectLimit = 128
    public static let recipientLimit = 10_000
}

/// `POST NewsSend` on the x86 sidecar: a news item to every connected terminal.
public struct MT4NewsSendRequest: Codable, Sendable, Hashable {
    /// Required, up to 256 characters.
    public var topic: String?
    /// Up to 64 characters.
    public var category: String?
    /// Required.
    public var body: String?
    public var highPriority: Bool

    public init(topic: String?, category: String?, body: String?, highPriority: Bool = false) {
        self.topic = topic
        self.category = category
        self.body = body
        self.highPriority = highPriority
    }

    enum CodingKeys: String, CodingKey {
        case topic, category, body, highPriority
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        topic = try c.decodeIfPresent(String.self, forKey: .topic)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        highPriority = try c.decodeIfPresent(Bool.self, forKey: .highPriority) ?? false
    }

    public static let topicLimit = 256
    public static let categoryLimit = 64
}
