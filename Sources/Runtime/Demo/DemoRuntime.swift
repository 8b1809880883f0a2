import AlertModel
import AlertStore
import CPluginClient
import CPluginSimulator
import Delivery
import Foundation
import Logging
import RuleEngine
import RuleLanguage
import Synchronization

/// `mtrules demo`: the production service (`ServiceRuntime`, the same code `mtrules run` runs) against a simulated
/// CPlugin on this machine, with no configuration. The simulator plays the demo scenario (OAuth, REST, the x86
/// sidecar, SignalR hubs); the service connects to it as it would to production, runs the rules, commits every
/// notification to an outbox, sends MT4 mail and news through the sidecar and webhooks to the simulator's local inbox,
/// and serves its status page.
public struct DemoRuntime: Sendable {
    public var rulePaths: [String]
    /// Where the alert store goes; a temporary one, removed afterwards, when nil.
    public var storePath: String?
    public var duration: Duration?
    /// The status page's port; 0 picks a free one.
    public var statusPort: Int

    public init(
        rulePaths: [String] = ["rules"], storePath: String? = nil, duration: Duration? = nil, statusPort: Int = 0
    ) {
        self.rulePaths = rulePaths
        self.storePath = storePath
        self.duration = duration
        self.statusPort = statusPort
    }

    /// The webhook receivers the starter rules name; each gets a JSON receiver at the simulator's inbox.
    public static let receivers = ["risk_desk", "dealing"]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs until `duration` passes, SIGINT/SIGTERM, or `shutdown`, then reports.
    public func run(
        observer: any DemoObserver, shutdown: ShutdownSwitch = ShutdownSwitch(),
        logger: Logger = HubClient.silentLogger
    ) async throws -> DemoReport {
        let ruleSet: CompiledRuleSet
        do {
            ruleSet = try ServiceRuntime.compileRules(rulePaths)
        } catch let failure as ServiceRuntime.Failure {
            throw Failure(description: failure.description)
        }
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.scenario = try DemoScenario.scenario
        let simulator = SimulatorServer(configuration: simulatorConfiguration)
        let (ready, readyInput) = AsyncStream<SimulatorEndpoints>.makeStream()
        let temporaryDirectory = storePath == nil ? Self.temporaryDirectory() : nil
        defer { temporaryDirectory.map { try? FileManager.default.removeItem(atPath: $0) } }
        let storePath = self.storePath ?? temporaryDirectory! + "/alerts.sqlite"
        let tally = Tally()
        simulator.webhooks.onDelivery { delivery in
            let items = (try? JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])?["notifications"]
            let texts = (items as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            tally.withLock { $0.webhooks += 1 }
            observer.webhook(receiver: delivery.receiver, texts: texts)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulator.run(logger: logger) { readyInput.yield($0) } }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else {
                throw Failure(description: "the simulator did not start")
            }
            observer.started(
                apiBaseURL: endpoints.apiBaseURL, sidecarBaseURL: endpoints.sidecarBaseURL, rules: ruleSet.rules.count)
            let configuration = try configuration(endpoints: endpoints, storePath: storePath)
            let service = ServiceRuntime(
                configuration: configuration, observer: DemoServiceObserver(observer: observer, tally: tally))
            if let duration {
                group.addTask {
                    try await Task.sleep(for: duration)
                    shutdown.stop()
                }
            }
            do {
                try await service.run(logger: logger, shutdown: shutdown)
            } catch let failure as ServiceRuntime.Failure {
                throw Failure(description: failure.description)
            }
            group.cancelAll()
        }
        var report = tally.withLock { $0 }
        report.mails = simulator.mailbox.mail.count
        report.news = simulator.mailbox.news.count
        let store = try AlertStore(path: storePath)
        let statistics = try store.outboxStatistics()
        report.outboxPending = statistics.count(.pending)
        report.deadLetters = statistics.deadLetters
        observer.finished(report)
        return report
    }

    /// The service's configuration for the simulator's endpoints: its one MT4 platform, its demo credentials, a JSON
    /// webhook receiver per name the starter rules use, and the status page on loopback.
    func configuration(endpoints: SimulatorEndpoints, storePath: String) throws -> RuntimeConfiguration {
        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: endpoints.apiBaseURL)!], tokenEndpoint: .url(URL(string: endpoints.tokenURL)!),
            sidecarBaseURL: URL(string: endpoints.sidecarBaseURL)!)
        var configuration = RuntimeConfiguration(
            environment: environment, environmentName: "simulator", rulePaths: rulePaths, storePath: storePath)
        configuration.credentials = .simulator
        configuration.platforms = .only([endpoints.platforms.first { $0.type == .mt4 }!.name])
        configuration.watchRules = false
        configuration.mail = MailChannel.Settings(senderName: "Risk desk")
        configuration.status = StatusSettings(listen: ListenAddress(host: "127.0.0.1", port: statusPort))
        configuration.receivers = Self.receivers.map { name in
            WebhookReceiver(
                name: name, kind: .json, url: .literal(endpoints.sidecarBaseURL + "/sim/webhooks/\(name)"),
                grouping: GroupingPolicy(window: .seconds(1), maxSize: 50))
        }
        return configuration
    }

    private static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "mtrules-demo-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The report as the run fills it, from several tasks.
    final class Tally: Sendable {
        private let report = Mutex(
            DemoReport(
                eventsProcessed: 0, firing: [], resolved: [], mails: 0, news: 0, webhooks: 0, outboxPending: 0,
                deadLetters: 0))

        func withLock<T>(_ body: (inout DemoReport) -> T) -> T { report.withLock { body(&$0) } }
    }
}

/// Turns what the service reports into the demo's story: connections, resyncs, and each alert firing or resolving
/// with the notifications it caused.
struct DemoServiceObserver: RuntimeObserver {
    let observer: any DemoObserver
    let tally: DemoRuntime.Tally

    func statusPage(_ url: String) { observer.statusPage(url) }

    func connection(_ platform: String, _ event: HubConnectionEvent) { observer.connection(event) }

    func resynced(_ platform: String, accounts: Int, openTrades: Int) { observer.resynced(accounts: accounts) }

    func resyncFailed(_ platform: String) { observer.resynced(accounts: -1) }

    func event(_ platform: String) { tally.withLock { $0.eventsProcessed += 1 } }

    func output(_ output: EngineOutput) {
        for transition in output.transitions where transition.to == .firing || transition.to == .resolved {
            // A resolve causes the `on resolve` notifications; a firing the others.
            let caused = output.notifications.filter {
                $0.key == transition.key && !$0.shadow && ($0.reason == .resolved) == (transition.to == .resolved)
            }
            tally.withLock {
                if transition.to == .firing {
                    $0.firing.append("\(transition.key)")
                } else {
                    $0.resolved.append("\(transition.key)")
                }
            }
            observer.transition(transition, notifications: caused)
        }
    }
}
