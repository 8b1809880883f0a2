import AlertModel
import AlertStore
import CPluginClient
import CPluginSimulator
import Delivery
import Foundation
import RuleEngine
import RuleLanguage

/// A simulator for the sidecar, a store on a temporary file, and the REST client the mail and news channels use:
/// the real parts of a delivery path, on 127.0.0.1.
final class DeliveryHarness: Sendable {
    let server: SimulatorServer
    let endpoints: SimulatorEndpoints
    let store: AlertStore
    let rest: CPluginRestClient
    private let task: Task<Void, any Error>

    static let platformName = "MT4-Demo"

    static func start() async throws -> DeliveryHarness {
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 10
        let server = SimulatorServer(configuration: configuration)
        let (stream, continuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw FixtureFailure("the simulator did not start") }
        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: endpoints.apiBaseURL)!],
            tokenEndpoint: .url(URL(string: endpoints.tokenURL)!),
            sidecarBaseURL: URL(string: endpoints.sidecarBaseURL)!)
        let tokens = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: "demo-secret"), environment: environment)
        // The worker owns retries: the client makes one attempt per delivery.
        var restConfiguration = CPluginRestClient.Configuration()
        restConfiguration.retry = .never
        let rest = CPluginRestClient(environment: environment, tokens: tokens, configuration: restConfiguration)
        let store = try AlertStore.temporary()
        return DeliveryHarness(server: server, endpoints: endpoints, store: store, rest: rest, task: task)
    }

    private init(
        server: SimulatorServer, endpoints: SimulatorEndpoints, store: AlertStore, rest: CPluginRestClient,
        task: Task<Void, any Error>
    ) {
        self.server = server
        self.endpoints = endpoints
        self.store = store
        self.rest = rest
        self.task = task
    }

    deinit { task.cancel() }

    /// Alerts name their platform; this maps the simulator's MT4 name to its REST client.
    var platformResolver: @Sendable (String) -> MT4RestClient? {
        let rest = self.rest
        return { name in name == Self.platformName ? rest.mt4(SimulatorServer.mt4PlatformID) : nil }
    }

    func mailRoute(lists: [String: [Int]] = [:]) -> DeliveryRoute {
        DeliveryRoute(
            channel: MailChannel(
                settings: .init(senderLogin: 0, senderName: "Risk desk", lists: lists), platform: platformResolver),
            concurrency: 4)
    }

    func newsRoute() -> DeliveryRoute {
        DeliveryRoute(channel: NewsChannel(platform: platformResolver))
    }
}

/// Compiles rules against the trading schema, or throws their diagnostics.
func compile(_ source: String) throws -> CompiledRuleSet {
    let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source, path: "test.rules")
    guard let ruleSet = result.ruleSet, !result.diagnostics.contains(where: \.isError) else {
        throw FixtureFailure("rules do not compile: \(result.diagnostics.map(\.message))")
    }
    return ruleSet
}

/// A margin event for the simulator's MT4 platform.
func marginEvent(login: Int, level: Double, group: String = "real-A", at time: Timestamp) throws -> TradingEvent {
    var event = TradingEvent.empty(.margin, platform: DeliveryHarness.platformName, time: time)
    try event.set("login", .number(Double(login)))
    try event.set("group", .string(group))
    try event.set("level", .number(level))
    try event.set("equity", .number(level * 10))
    try event.set("balance", .number(1000))
    try event.set("margin", .number(1000))
    return event
}

/// A fast back-off for tests: retries after tens of milliseconds, not seconds.
let quickBackoff = BackoffPolicy(initialDelay: .milliseconds(20), maxDelay: .milliseconds(200), jitter: 0.1)
