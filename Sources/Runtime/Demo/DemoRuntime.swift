import AlertModel
import AlertStore
import AsyncHTTPClient
import CPluginClient
import CPluginSimulator
import Delivery
import Foundation
import Logging
import RuleEngine
import RuleLanguage
import Synchronization

/// `mtrules demo`: the whole product on one machine with no configuration. A simulated CPlugin (OAuth, REST, the
/// x86 sidecar, SignalR hubs) plays the demo scenario; the engine connects to it as it would to production (OAuth
/// token, negotiate, WebSockets), runs the rules, commits every notification to an outbox, and the delivery worker
/// sends MT4 mail and news through the sidecar and webhooks to the simulator's local inbox.
public struct DemoRuntime: Sendable {
    public var rulePaths: [String]
    /// Where the alert store goes; a temporary one when nil.
    public var storePath: String?
    public var duration: Duration?

    public init(rulePaths: [String] = ["rules"], storePath: String? = nil, duration: Duration? = nil) {
        self.rulePaths = rulePaths
        self.storePath = storePath
        self.duration = duration
    }

    /// The webhook receivers the starter rules name; each gets a JSON receiver at the simulator's inbox.
    public static let receivers = ["risk_desk", "dealing"]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs until `duration` passes or the task is cancelled, then reports.
    public func run(observer: any DemoObserver, logger: Logger = HubClient.silentLogger) async throws -> DemoReport {
        let (result, loadErrors) = RuleLoader.compile(paths: rulePaths)
        let errors =
            loadErrors.map { "\($0)" }
            + result.diagnostics.filter(\.isError).map {
                "\($0.path):\($0.location): error: \($0.message)" + ($0.hint.map { " (\($0))" } ?? "")
            }
        guard errors.isEmpty, let ruleSet = result.ruleSet else {
            throw Failure(description: "the rules do not compile:\n" + errors.joined(separator: "\n"))
        }
        var configuration = SimulatorConfiguration()
        configuration.scenario = try DemoScenario.scenario
        let simulator = SimulatorServer(configuration: configuration)
        let (ready, readyInput) = AsyncStream<SimulatorEndpoints>.makeStream()
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: CPluginRestClient.recommendedHTTPClientConfiguration())
        let store = try storePath.map { try AlertStore(path: $0) } ?? AlertStore.temporary()
        let report = Tally()
        simulator.webhooks.onDelivery { delivery in
            let items = (try? JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])?["notifications"]
            let texts = (items as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            report.withLock { $0.webhooks += 1 }
            observer.webhook(receiver: delivery.receiver, texts: texts)
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await simulator.run(logger: logger) { readyInput.yield($0) } }
                var iterator = ready.makeAsyncIterator()
                guard let endpoints = await iterator.next() else {
                    throw Failure(description: "the simulator did not start")
                }
                observer.started(
                    apiBaseURL: endpoints.apiBaseURL, sidecarBaseURL: endpoints.sidecarBaseURL,
                    rules: ruleSet.rules.count)
                let engine = try makeEngine(
                    ruleSet: ruleSet, endpoints: endpoints, http: http, store: store, observer: observer,
                    report: report, logger: logger)
                group.addTask { await engine.worker.run() }
                group.addTask { try await engine.service.runClock() }
                group.addTask { try await engine.hub.run() }
                group.addTask {
                    for await event in engine.hub.connectionEvents() {
                        observer.connection(event)
                        switch event {
                        case .connected, .reconnected:
                            do {
                                let accounts = try await engine.resync.run(
                                    into: engine.service, at: EngineService.wallClock)
                                observer.resynced(accounts: accounts)
                            } catch {
                                observer.resynced(accounts: -1)
                            }
                        default: break
                        }
                    }
                }
                addStreams(engine, to: &group)
                if let duration {
                    group.addTask {
                        try await Task.sleep(for: duration)
                        throw CancellationError()
                    }
                }
                do {
                    try await group.next()
                } catch is CancellationError {}
                group.cancelAll()
                let processed = await engine.service.eventsProcessed
                report.withLock { $0.eventsProcessed = processed }
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try? await http.shutdown()
        var final = report.withLock { $0 }
        final.mails = simulator.mailbox.mail.count
        final.news = simulator.mailbox.news.count
        let statistics = try store.outboxStatistics()
        final.outboxPending = statistics.count(.pending)
        final.deadLetters = statistics.deadLetters
        observer.finished(final)
        return final
    }

    /// The report as the run fills it, from several tasks.
    final class Tally: Sendable {
        private let report = Mutex(
            DemoReport(
                eventsProcessed: 0, firing: [], resolved: [], mails: 0, news: 0, webhooks: 0, outboxPending: 0,
                deadLetters: 0))

        func withLock<T>(_ body: (inout DemoReport) -> T) -> T { report.withLock { body(&$0) } }
    }

    /// The live parts, wired: hub → mapper → engine → outbox → worker → sidecar and webhooks.
    struct Engine: Sendable {
        let hub: PlatformHub
        let service: EngineService
        let worker: DeliveryWorker
        let mapper: HubEventMapper
        let platformName: String
        let resync: MarginResync
    }

    private func makeEngine(
        ruleSet: CompiledRuleSet, endpoints: SimulatorEndpoints, http: HTTPClient, store: AlertStore,
        observer: any DemoObserver, report: Tally, logger: Logger
    ) throws -> Engine {
        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: endpoints.apiBaseURL)!], tokenEndpoint: .url(URL(string: endpoints.tokenURL)!),
            sidecarBaseURL: URL(string: endpoints.sidecarBaseURL)!)
        let tokens = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: "demo-secret"), environment: environment,
            httpClient: http)
        var restConfiguration = CPluginRestClient.Configuration()
        restConfiguration.retry = .never
        let rest = CPluginRestClient(
            environment: environment, tokens: tokens, configuration: restConfiguration, httpClient: http)
        let platform = endpoints.platforms.first { $0.type == .mt4 }!
        let mt4 = rest.mt4(platform.id)
        let resolve: @Sendable (String) -> MT4RestClient? = { $0 == platform.name ? mt4 : nil }
        var routes: [String: DeliveryRoute] = [
            "mail": DeliveryRoute(
                channel: MailChannel(settings: .init(senderName: "Risk desk"), platform: resolve), concurrency: 4),
            "news": DeliveryRoute(channel: NewsChannel(platform: resolve)),
            "log": DeliveryRoute(channel: LogChannel(logger: logger)),
        ]
        for name in Self.receivers {
            let channel = try WebhookChannel(
                receiver: WebhookReceiver(
                    name: name, kind: .json, url: .literal(endpoints.sidecarBaseURL + "/sim/webhooks/\(name)"),
                    grouping: GroupingPolicy(window: .seconds(1), maxSize: 50)),
                httpClient: http)
            routes["webhook:\(name)"] = channel.route
        }
        let worker = DeliveryWorker(store: store, routes: routes, pollInterval: .milliseconds(200), logger: logger)
        let sink = OutboxSink(store: store, worker: worker)
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: EngineService.wallClock()), sink: sink,
            observe: { output in
                for transition in output.transitions where transition.to == .firing || transition.to == .resolved {
                    // A resolve causes the `on resolve` notifications; a firing the others.
                    let caused = output.notifications.filter {
                        $0.key == transition.key && !$0.shadow
                            && ($0.reason == .resolved) == (transition.to == .resolved)
                    }
                    report.withLock {
                        if transition.to == .firing {
                            $0.firing.append("\(transition.key)")
                        } else {
                            $0.resolved.append("\(transition.key)")
                        }
                    }
                    observer.transition(transition, notifications: caused)
                }
            })
        let hub = PlatformHub(
            baseURLs: [endpoints.apiBaseURL], platformID: platform.id.uuidString,
            authentication: HubAuthentication(source: tokens), httpClient: http, logger: logger)
        return Engine(
            hub: hub, service: service, worker: worker, mapper: HubEventMapper(), platformName: platform.name,
            resync: MarginResync(rest: mt4, platformName: platform.name))
    }

    /// One task per hub stream, each feeding the engine in arrival order.
    private func addStreams(_ engine: Engine, to group: inout ThrowingTaskGroup<Void, any Error>) {
        let name = engine.platformName
        let mapper = engine.mapper
        let service = engine.service
        let now = EngineService.wallClock
        let hub = engine.hub
        group.addTask {
            for try await payload in hub.marginCalls() {
                try await service.process(mapper.event(payload, platform: name, at: now()))
            }
        }
        group.addTask {
            for try await payload in hub.trades() {
                try await service.process(mapper.event(payload, platform: name, at: now()))
            }
        }
        group.addTask {
            for try await payload in hub.ticks() {
                try await service.process(mapper.event(payload, platform: name, at: now()))
            }
        }
        group.addTask {
            for try await payload in hub.users() {
                try await service.process(mapper.event(payload, platform: name, at: now()))
            }
        }
        group.addTask {
            for try await payload in hub.symbols() {
                try await service.process(mapper.event(payload, platform: name, at: now()))
            }
        }
        group.addTask {
            for await connected in hub.pumpStatus() {
                try await service.process(mapper.event(pumpConnected: connected, platform: name, at: now()))
            }
        }
    }
}
