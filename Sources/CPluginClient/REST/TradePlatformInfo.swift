import Foundation

/// One entry of `GET /api/TradePlatforms` (a bare JSON array, not a v2 envelope).
public struct TradePlatformInfo: Codable, Sendable, Hashable {
    public var id: UUID
    public var name: String
    /// "MT4" or "MT5".
    public var type: String
    public var login: Int
    public var organizationId: UUID

    /// Ids are written in lower case, as .NET writes GUIDs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(login, forKey: .login)
        try container.encode(organizationId.uuidString.lowercased(), forKey: .organizationId)
    }

    public init(id: UUID, name: String, type: String, login: Int, organizationId: UUID) {
        self.id = id
        self.name = name
        self.type = type
        self.login = login
        self.organizationId = organizationId
    }
}
