import AlertModel
import CPluginClient

/// What the hub pushed while the link was down is lost; the margin levels as they are now are not. On every
/// (re)connection the runtime reads `MarginsGet` and runs each account through the engine as a margin event, so an
/// account that fell into a margin call during the gap fires now, and trade rules that read `account.*` know every
/// account from the start.
public struct MarginResync: Sendable {
    public let rest: MT4RestClient
    public let platformName: String
    public let mapper: HubEventMapper

    public init(rest: MT4RestClient, platformName: String, mapper: HubEventMapper = HubEventMapper()) {
        self.rest = rest
        self.platformName = platformName
        self.mapper = mapper
    }

    /// Reads every account's margin state and feeds it to `service`; returns how many accounts it fed.
    @discardableResult
    public func run(into service: EngineService, at time: @Sendable () -> Timestamp) async throws -> Int {
        let levels = try await rest.margins()
        for level in levels {
            try await service.process(mapper.event(Self.payload(level), platform: platformName, at: time()))
        }
        return levels.count
    }

    /// The REST shape in the hub's: volume in lots, the enums as the hub's numbers.
    static func payload(_ level: MT4MarginLevel) -> MarginCallPayload {
        MarginCallPayload(
            login: level.login, group: level.group ?? "", leverage: level.leverage, updated: level.updated,
            balance: level.balance, equity: level.equity, volumeLots: Double(level.volume) / 100, margin: level.margin,
            free: level.free, level: level.level,
            controllingType: level.controllingType.lowercased() == "currency" ? 1 : 0,
            levelType: ["ok": 0, "margincall": 1, "stopout": 2][level.levelType.lowercased()] ?? 0)
    }
}
