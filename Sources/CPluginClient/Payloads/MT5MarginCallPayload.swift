/// The MT5 hub's margin-call notice (`OnMarginCall`, `StreamMarginCallUpdates` items), `{login, type, direction}`:
/// an account's level type changed. Read as tolerantly as the MT4 payloads.
public struct MT5MarginCallPayload: Sendable, Hashable, Codable {
    public var login: Int
    /// The new level type: 0 ok, 1 margin call, 2 stop out (also accepted by name: `Ok`, `MarginCall`, `StopOut`).
    public var type: Int
    /// 1 when the level type worsened (rose), 0 when it improved.
    public var direction: Int

    public init(login: Int, type: Int, direction: Int) {
        self.login = login
        self.type = type
        self.direction = direction
    }

    enum CodingKeys: String, CodingKey {
        case login, type, direction
    }

    static let typeNames = ["ok", "margincall", "stopout"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        login = c.lenientInt(.login)
        if let name = try? c.decodeIfPresent(String.self, forKey: .type),
            let index = Self.typeNames.firstIndex(of: name.lowercased())
        {
            type = index
        } else {
            type = c.lenientInt(.type)
        }
        direction = c.lenientInt(.direction)
    }
}
