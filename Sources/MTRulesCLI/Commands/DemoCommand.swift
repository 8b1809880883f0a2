import AlertModel
import ArgumentParser
import CPluginClient
import Foundation
import Runtime

/// `mtrules demo`: the embedded default. Everything on loopback, nothing to configure.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the shipped rules against a simulated CPlugin, end to end, and show the alerts.",
        discussion: """
            Starts the CPlugin simulator with its demo scenario, connects through real OAuth and SignalR over \
            loopback, runs rules/, and delivers MT4 mail and news through the simulator's sidecar and webhooks to \
            its local inbox. Margin calls, large trades and the other shipped rules fire within the first minute.
            """
    )

    @Option(name: .customLong("rules"), help: "Rule files or directories.")
    var rulePaths: [String] = ["rules"]

    @Option(help: "Stop after this long (e.g. 60s); runs until interrupted when not given.")
    var duration: DurationArgument?

    @Option(help: "Keep the alert store here (default: a temporary one), to inspect with mtrules alerts/outbox.")
    var store: String?

    @Option(help: "Serve the status page on this port of 127.0.0.1 (default: a free one, printed at the start).")
    var statusPort = 0

    func run() async throws {
        let terminal = Terminal()
        let printer = DemoPrinter(terminal: terminal)
        let runtime = DemoRuntime(
            rulePaths: rulePaths, storePath: store, duration: duration.map { .seconds($0.seconds) },
            statusPort: statusPort)
        let shutdown = ShutdownSwitch()
        let task = Task { try await runtime.run(observer: printer, shutdown: shutdown) }
        let signals = await SignalWatcher.interrupts()
        // Ctrl-C stops the demo gracefully, as SIGTERM stops `mtrules run`: deliveries under way finish first.
        let stopper = Task {
            for await _ in signals {
                shutdown.stop()
                break
            }
        }
        defer { stopper.cancel() }
        do {
            _ = try await task.value
        } catch let failure as DemoRuntime.Failure {
            terminal.error("error: \(failure)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}

/// Prints the demo as it happens: readable lines, coloured on a terminal.
struct DemoPrinter: DemoObserver {
    let terminal: Terminal

    func started(apiBaseURL: String, sidecarBaseURL: String, rules: Int) {
        terminal.print(terminal.paint("mtrules demo", "1") + ": \(rules) rules against a simulated CPlugin")
        terminal.print("  CPlugin API and hubs  \(apiBaseURL)  (client demo / demo-secret)")
        terminal.print("  sent MT4 mail         \(sidecarBaseURL)/sim/mail")
        terminal.print("  received webhooks     \(sidecarBaseURL)/sim/webhooks")
    }

    func statusPage(_ url: String) {
        terminal.print("  status page           \(url)  (alerts, notifications, /metrics)")
    }

    func connection(_ event: HubConnectionEvent) {
        terminal.print(terminal.paint("hub: \(event)", "2"))
    }

    func resynced(accounts: Int) {
        terminal.print(
            terminal.paint(
                accounts < 0
                    ? "hub: resync through MarginsGet failed; the streams carry on"
                    : "hub: resynced \(accounts) accounts through MarginsGet", "2"))
    }

    func transition(_ transition: AlertTransition, notifications: [AlertNotification]) {
        let time = String("\(transition.at)".dropFirst(11).prefix(8))
        let label =
            transition.to == .firing
            ? terminal.paint("FIRING  ", transition.severity == .critical ? "1;31" : "33")
            : terminal.paint("RESOLVED", "32")
        terminal.print("\(time) \(label) \(transition.key)")
        for notification in notifications {
            terminal.print("           → " + Self.describe(notification.action))
        }
    }

    func webhook(receiver: String, texts: [String]) {
        let shown =
            texts.count == 1 ? texts[0] : "\(texts.count) notifications: " + texts.prefix(3).joined(separator: "; ")
        terminal.print(terminal.paint("           webhook \(receiver) received: \(shown)", "36"))
    }

    func finished(_ report: DemoReport) {
        terminal.print(
            "\nsummary: \(report.eventsProcessed) hub events, \(report.firing.count) alerts fired, "
                + "\(report.resolved.count) resolved; \(report.mails) MT4 mails and \(report.news) news sent, "
                + "\(report.webhooks) webhooks received; outbox: \(report.outboxPending) pending, "
                + "\(report.deadLetters) dead")
        let rules = Set(report.firing.map { String($0.prefix { $0 != "{" }) }).sorted()
        if !rules.isEmpty { terminal.print("rules that fired: " + rules.joined(separator: ", ")) }
    }

    static func describe(_ action: NotificationAction) -> String {
        switch action {
        case .mail(let recipients, let subject, _):
            let to: String =
                switch recipients {
                case .logins(let logins): logins.map(String.init).joined(separator: ", ")
                case .named(let name): name
                }
            return "mail to \(to): \"\(subject)\""
        case .news(let topic, _, _, _): return "news: \"\(topic)\""
        case .webhook(let receiver, let text): return "webhook \(receiver): \(text)"
        case .log(let text): return "log: \(text)"
        }
    }
}
