import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// A faithful local CPlugin WebAPI: OAuth, REST v2, the x86 sidecar on its own port, and the SignalR hubs, over a
/// live simulated market per platform (one MT4, one MT5). Runs until its task is cancelled.
public final class SimulatorServer: HubEnvironment, Sendable {
    public let configuration: SimulatorConfiguration
    public let issuer: TokenIssuer
    public let mailbox = Mailbox()
    /// Webhooks posted to the sidecar port's `/sim/webhooks/{receiver}`.
    public let webhooks = WebhookInbox()
    public let runtimes: [UUID: PlatformRuntime]
    private let faultPlan: Locked<FaultPlan>
    private let baseURL = Locked("")

    /// Fixed ids, so scripts and docs can name the platforms.
    public static let mt4PlatformID = UUID(uuidString: "6f1c2a3e-0000-4000-8000-000000000004")!
    public static let mt5PlatformID = UUID(uuidString: "6f1c2a3e-0000-4000-8000-000000000005")!
    static let organizationID = UUID(uuidString: "6f1c2a3e-0000-4000-8000-0000000000aa")!

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        let faults = Locked(configuration.faults)
        self.faultPlan = faults
        let lifetime = configuration.tokenLifetime
        self.issuer = TokenIssuer(
            credentials: configuration.credentials,
            lifetime: { faults.value.tokenLifetime ?? lifetime })
        let mt4 = SimulatedPlatform(
            id: Self.mt4PlatformID, name: "MT4-Demo", type: .mt4, login: 1, organizationId: Self.organizationID)
        let mt5 = SimulatedPlatform(
            id: Self.mt5PlatformID, name: "MT5-Demo", type: .mt5, login: 1, organizationId: Self.organizationID)
        // The live market starts now; the seed alone decides what happens in it, step by step from here.
        var mt4Market = configuration.market
        mt4Market.start = Date()
        var mt5Market = mt4Market
        mt5Market.seed &+= 1
        self.runtimes = [
            mt4.id: PlatformRuntime(
                platform: mt4, model: MarketModel(configuration: mt4Market, scenario: configuration.scenario)),
            mt5.id: PlatformRuntime(platform: mt5, model: MarketModel(configuration: mt5Market, scenario: nil)),
        ]
    }

    public var platforms: [SimulatedPlatform] {
        runtimes.values.map(\.platform).sorted { $0.name < $1.name }
    }

    /// Changes the faults in force while running.
    public func setFaults(_ plan: FaultPlan) {
        faultPlan.value = plan
    }

    // MARK: HubEnvironment

    public func platform(id: UUID) -> SimulatedPlatform? { runtimes[id]?.platform }
    public func broadcaster(for platformID: UUID) -> EventBroadcaster? { runtimes[platformID]?.broadcaster }
    public func isPumpConnected(_ platformID: UUID) -> Bool { runtimes[platformID]?.isPumpConnected ?? false }
    public func isAuthorized(token: String) async -> Bool { issuer.isValid(token) }
    public func faults() -> FaultPlan { faultPlan.value }

    // MARK: Running

    /// Starts the market drivers, the API server and the sidecar; calls `onReady` once both listen, then runs until
    /// the task is cancelled.
    public func run(
        logger: Logger = Logger(label: "mtrules.simulator"),
        onReady: @escaping @Sendable (SimulatorEndpoints) async -> Void
    )
        async throws
    {
        let apiPort = Locked<Int?>(nil)
        let sidecarPort = Locked<Int?>(nil)
        let ready = AsyncStream<Void>.makeStream()
        let host = configuration.host

        let router = Router()
        OAuthRoutes(issuer: issuer, baseURL: { [baseURL] in baseURL.value }).add(to: router)
        RestRoutes(issuer: issuer, platforms: runtimes, faults: { [faultPlan] in faultPlan.value })
            .add(to: router)
        ControlRoutes(server: self).add(to: router)
        let hubs = HubEndpoints(environment: self, options: configuration.hubOptions)
        hubs.addRoutes(to: router)
        let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
        hubs.addWebSocketRoutes(to: webSocketRouter)
        let api = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: 1 << 24, autoPing: .disabled))),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "mtrules-simulator"),
            onServerRunning: { channel in
                apiPort.value = channel.localAddress?.port
                ready.continuation.yield()
            },
            logger: logger)

        let sidecarRouter = Router()
        SidecarRoutes(
            issuer: issuer, mailbox: mailbox, webhooks: webhooks, platform: { [runtimes] in runtimes[$0]?.platform },
            now: { Date() }
        ).add(to: sidecarRouter)
        let sidecar = Application(
            router: sidecarRouter,
            configuration: .init(
                address: .hostname(host, port: configuration.sidecarPort), serverName: "mtrules-simulator-x86"),
            onServerRunning: { channel in
                sidecarPort.value = channel.localAddress?.port
                ready.continuation.yield()
            },
            logger: logger)

        // The servers run in a service group so that cancelling this task shuts them down gracefully (open requests
        // finish, sockets close) instead of tearing their channels down.
        var serviceConfiguration = ServiceGroupConfiguration(
            services: [api, sidecar], gracefulShutdownSignals: [], logger: logger)
        // Open WebSockets would hold a graceful shutdown forever; after a few seconds they are cut.
        serviceConfiguration.maximumGracefulShutdownDuration = .seconds(3)
        let services = ServiceGroup(configuration: serviceConfiguration)
        try await withTaskCancellationHandler {
            // Every child returns whether it was the servers; the group ends when they stop.
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for runtime in runtimes.values {
                    let interval = configuration.marketInterval
                    group.addTask {
                        await runtime.run(interval: interval)
                        return false
                    }
                }
                group.addTask {
                    // Unstructured, so cancelling this task does not cancel the servers mid-request: the cancellation
                    // handler below shuts them down gracefully instead.
                    try await Task { try await services.run() }.value
                    return true
                }
                group.addTask { [baseURL, platforms] in
                    var started = 0
                    for await _ in ready.stream {
                        started += 1
                        if started == 2 { break }
                    }
                    guard let api = apiPort.value, let side = sidecarPort.value else { return false }
                    let base = "http://\(host):\(api)"
                    baseURL.value = base
                    await onReady(
                        SimulatorEndpoints(
                            apiBaseURL: base, sidecarBaseURL: "http://\(host):\(side)", platforms: platforms))
                    return false
                }
                while let wasServers = try await group.next() {
                    if wasServers { break }
                }
                group.cancelAll()
            }
        } onCancel: {
            Task { await services.triggerGracefulShutdown() }
        }
    }
}
