import AlertModel
import AlertStore
import AsyncHTTPClient
import CPluginClient
import Delivery
import Foundation
import Logging
import RuleEngine
import RuleLanguage
import ServiceLifecycle
import UnixSignals

/// `mtrules run`: the production service. One process watches the configured platforms through CPlugin's hubs,
/// runs the rules, commits every transition and notification to the store before anything is sent, delivers from
/// the outbox, reloads rules on SIGHUP or file change, and serves the status page and metrics. Everything runs under
/// one ServiceGroup: SIGTERM or SIGINT stops the feeds first, saves the engine's state, lets in-flight deliveries
/// finish (or leaves them in the outbox), and stops the status server last.
public struct ServiceRuntime: Sendable {
    public var configuration: RuntimeConfiguration
    /// Overrides the configuration's recording path (`mtrules run --record FILE`).
    public var recordPath: String?
    public var observer: (any RuntimeObserver)?

    public init(configuration: RuntimeConfiguration, recordPath: String? = nil, observer: (any RuntimeObserver)? = nil)
    {
        self.configuration = configuration
        self.recordPath = recordPath
        self.observer = observer
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs until SIGTERM or SIGINT (or `shutdown`), then stops gracefully.
    public func run(logger: Logger, shutdown: ShutdownSwitch? = nil) async throws {
        let configuration = self.configuration
        let ruleSet = try Self.compileRules(configuration.rulePaths)
        let undefined = Self.undefinedReceivers(in: ruleSet, configuration: configuration)
        guard undefined.isEmpty else {
            throw Failure(
                description: "\(configuration.sourcePath): " + undefined.joined(separator: "\n")
                    + "\nadd them to the receivers section, or change the rules")
        }
        let credentials = try configuration.loadCredentials()
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: CPluginRestClient.recommendedHTTPClientConfiguration())
        do {
            try await run(ruleSet: ruleSet, credentials: credentials, http: http, logger: logger, shutdown: shutdown)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try? await http.shutdown()
    }

    /// Webhook receivers the rules send to that the configuration does not define: their notifications would wait
    /// in the outbox forever.
    public static func undefinedReceivers(in ruleSet: CompiledRuleSet, configuration: RuntimeConfiguration) -> [String]
    {
        let defined = Set(configuration.receivers.map(\.name))
        var used: [String: [String]] = [:]
        for rule in ruleSet.rules {
            for action in rule.actions + rule.resolveActions {
                if case .webhook(let receiver, _) = action, !defined.contains(receiver) {
                    used[receiver, default: []].append(rule.name)
                }
            }
        }
        return used.keys.sorted().map { name in
            let rules = Array(Set(used[name]!)).sorted()
            return
                "webhook receiver '\(name)' is used by \(rules.joined(separator: ", ")) but not defined under receivers"
        }
    }

    public static func compileRules(_ paths: [String]) throws -> CompiledRuleSet {
        switch RuleCompilation.compile(paths) {
        case .success(let ruleSet): return ruleSet
        case .failure(let errors):
            throw Failure(description: "the rules do not compile:\n" + errors.lines.joined(separator: "\n"))
        }
    }

    private func run(
        ruleSet: CompiledRuleSet, credentials: ClientCredentials, http: HTTPClient, logger: Logger,
        shutdown: ShutdownSwitch?
    ) async throws {
        let configuration = self.configuration
        let store = try AlertStore(path: configuration.storePath)
        let environment = configuration.environment
        let tokens = TokenProvider(credentials: credentials, environment: environment, httpClient: http)
        let rest = CPluginRestClient(environment: environment, tokens: tokens, httpClient: http)
        let recorder = try (recordPath ?? configuration.recordPath).map {
            try RecordingWriter(path: $0, logger: logger)
        }
        let bearerToken: String?
        do {
            bearerToken = try configuration.status.bearerToken?.resolve()
        } catch {
            throw Failure(description: "\(configuration.location(of: "status.bearerToken")): error: \(error)")
        }

        let (engine, restoredOutput) = try EngineStartup.restore(
            ruleSet: ruleSet, store: store, now: EngineService.wallClock(), logger: logger)
        let platforms = try await Self.platforms(rest: rest, configuration: configuration, logger: logger)
        let status = RuntimeStatus(platforms: platforms.map(\.name))
        status.storeOpened()
        status.rulesLoaded(hash: ruleSet.summaryHash, names: ruleSet.rules.map(\.name))
        var platformClients: [String: MT4RestClient] = [:]
        for platform in platforms { platformClients[platform.name] = rest.mt4(platform.id) }
        let routes = try DeliveryRoutes.make(
            mail: configuration.mail, receivers: configuration.receivers, platforms: platformClients,
            httpClient: http, logger: logger)
        let worker = DeliveryWorker(
            store: store, routes: routes, logger: logger, onDelivery: { status.metrics.recordDelivery($0) })
        let observer = self.observer
        let service = EngineService(
            engine: engine, store: store, worker: worker, recorder: recorder,
            observe: { output in
                status.notified(output.notifications)
                observer?.output(output)
            })
        try await service.commitRestore(restoredOutput)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let listen = configuration.status.listen {
            let server = StatusServer(
                configuration: .init(host: listen.host, port: listen.port, bearerToken: bearerToken), status: status,
                alerts: { try store.activeAlerts() }, outbox: { try store.outboxStatistics() }, logger: logger)
            services.append(.init(service: server))
            Task {
                guard let port = try? await server.listeningPort() else { return }
                let url = "http://\(ListenAddress(host: listen.host, port: port))/"
                logger.notice("status page listening", metadata: ["url": "\(url)"])
                observer?.statusPage(url)
            }
        }
        services.append(.init(service: DeliveryService(worker: worker)))
        services.append(
            .init(
                service: EngineHost(
                    engine: service, snapshotInterval: configuration.snapshotInterval, logger: logger,
                    refresh: { status.updateRuleCounters(await service.ruleCounters) })))
        let watcher = RuleFileWatcher(
            paths: configuration.rulePaths, watchFiles: configuration.watchRules,
            install: { ruleSet, reason in
                let undefined = Self.undefinedReceivers(in: ruleSet, configuration: configuration)
                if !undefined.isEmpty {
                    logger.warning(
                        "the new rules send to receivers the configuration lacks; those notifications wait in the outbox",
                        metadata: ["problems": "\(undefined.joined(separator: "; "))"])
                }
                let report = try await service.reload(ruleSet)
                status.rulesLoaded(hash: ruleSet.summaryHash, names: ruleSet.rules.map(\.name))
                logger.notice("rules reloaded (\(reason)): \(report)")
                observer?.reloaded("\(report)")
            },
            refused: { reason, diagnostics in
                status.reloadFailed(diagnostics: diagnostics)
                logger.error(
                    """
                    rules NOT reloaded (\(reason)); the previous rules keep running:
                    \(diagnostics.joined(separator: "\n"))
                    """)
                observer?.reloadRefused(diagnostics)
            })
        services.append(.init(service: watcher))
        let reporter = StatusFeedReporter(status: status, observer: observer)
        for platform in platforms {
            let hub = PlatformHub(
                baseURLs: environment.apiBaseURLs.map(\.absoluteString), platformID: platform.id.uuidString,
                platformType: platform.type, version: configuration.hub.version,
                authentication: HubAuthentication(source: tokens), options: configuration.hub.clientOptions,
                httpClient: http, logger: logger)
            services.append(
                .init(
                    service: PlatformFeed(
                        platform: platform, hub: hub, rest: platformClients[platform.name]!, engine: service,
                        reporter: reporter, logger: logger)))
        }
        observer?.started(platforms: platforms.map(\.name), rules: ruleSet.rules.count)
        logger.notice(
            "watching \(platforms.map(\.name).joined(separator: ", ")) with \(ruleSet.rules.count) rules",
            metadata: ["environment": "\(configuration.environmentName)", "store": "\(configuration.storePath)"])
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let stopper = Task {
            guard let shutdown else { return }
            await shutdown.stopped()
            await group.triggerGracefulShutdown()
        }
        defer { stopper.cancel() }
        do {
            try await group.run()
        } catch {
            recorder?.close(endingAt: await service.clock)
            throw error
        }
        recorder?.close(endingAt: await service.clock)
        logger.notice("stopped; the engine state is saved and undelivered notifications wait in the outbox")
    }

    /// The platforms to watch: CPlugin's list, filtered by the configuration. CPlugin being unreachable at startup
    /// is retried (with backoff, logged) until it answers or the process is told to stop; a named platform that
    /// does not exist is a configuration error.
    static func platforms(
        rest: CPluginRestClient, configuration: RuntimeConfiguration, logger: Logger
    ) async throws -> [TradePlatformInfo] {
        let selection = configuration.platforms
        var delay = Duration.seconds(1)
        let all: [TradePlatformInfo]
        while true {
            let answer: Result<[TradePlatformInfo], CPluginRestError>
            do {
                answer = .success(try await rest.tradePlatforms())
            } catch {
                answer = .failure(error)
            }
            switch answer {
            case .success(let platforms):
                all = platforms
            case .failure(let error) where error.isTransient:
                logger.warning(
                    "CPlugin did not answer the platform list; retrying",
                    metadata: ["in": "\(delay)", "error": "\(error)"])
                try await Self.sleepUnlessStopped(delay)
                delay = min(delay * 2, .seconds(30))
                continue
            case .failure(let error):
                throw Failure(description: "CPlugin refused the platform list: \(error)")
            }
            break
        }
        let chosen = all.filter { selection.matches(name: $0.name, id: $0.id.uuidString) }
        let missing = selection.unmatched(among: all.map { ($0.name, $0.id.uuidString) })
        guard missing.isEmpty else {
            let available = all.map { "\($0.name) (\($0.id.uuidString.lowercased()))" }.joined(separator: ", ")
            var listed: [String] = []
            if case .only(let entries) = selection { listed = entries }
            throw Failure(
                description: missing.map { entry in
                    let location = configuration.location(of: "platforms[\(listed.firstIndex(of: entry) ?? 0)]")
                    return "\(location): error: platform '\(entry)' does not exist in CPlugin; available: \(available)"
                }.joined(separator: "\n"))
        }
        guard !chosen.isEmpty else { throw Failure(description: "CPlugin lists no trade platform to watch") }
        return chosen
    }

    /// Sleeps, ending early with CancellationError on SIGTERM or SIGINT (startup runs before the ServiceGroup
    /// traps them).
    private static func sleepUnlessStopped(_ delay: Duration) async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Task.sleep(for: delay) }
            group.addTask {
                for await _ in signals { throw CancellationError() }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Runs the delivery worker as a service: on graceful shutdown the loops stop taking new entries and the sends under
/// way finish; what was not claimed stays pending in the outbox and goes out after the restart.
struct DeliveryService: Service {
    let worker: DeliveryWorker

    func run() async throws {
        await withGracefulShutdownHandler {
            await worker.run()
        } onGracefulShutdown: {
            worker.stopClaiming()
        }
    }
}
