import Foundation

/// A trade platform the simulator serves, as `GET /api/TradePlatforms` lists it.
public struct SimulatedPlatform: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case mt4 = "MT4"
        case mt5 = "MT5"
    }

    public var id: UUID
    public var name: String
    public var type: Kind
    /// The manager login the platform is connected with.
    public var login: Int
    public var organizationId: UUID

    public init(id: UUID, name: String, type: Kind, login: Int, organizationId: UUID) {
        self.id = id
        self.name = name
        self.type = type
        self.login = login
        self.organizationId = organizationId
    }
}
