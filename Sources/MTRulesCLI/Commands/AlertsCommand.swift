import AlertModel
import AlertStore
import ArgumentParser
import Foundation

/// `mtrules alerts`: the alerts the store knows (firing and pending by default), or with `--explain` the whole story of
/// the ones matching a text: every transition with the inputs that decided it, every notification and delivery.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Show current alert states, or explain one alert's history with its inputs."
    )

    @OptionGroup var store: StoreOption

    @Flag(help: "Include resolved and inactive alerts.")
    var all = false

    @Option(help: "Explain the alerts whose key contains this text (e.g. margin_call or login=1001).")
    var explain: String?

    func run() async throws {
        let terminal = Terminal()
        let alerts = try store.open(terminal: terminal)
        do {
            if let explain {
                // An exact key first; otherwise every alert whose key contains the text (`login=1001`, a rule name).
                var histories = try alerts.history(matching: explain)
                if histories.isEmpty {
                    histories = try alerts.alerts().filter { "\($0.key)".contains(explain) }.map {
                        try alerts.history(of: $0.key)
                    }
                }
                if histories.isEmpty { terminal.print("no alert matches '\(explain)'") }
                for history in histories { Self.print(history, terminal: terminal) }
                return
            }
            let list = all ? try alerts.alerts() : try alerts.activeAlerts()
            if list.isEmpty { terminal.print(all ? "no alerts recorded" : "nothing firing or pending") }
            for alert in list {
                let state = terminal.paint(
                    alert.state.rawValue, alert.state == .firing ? "31" : alert.state == .pending ? "33" : "32")
                terminal.print(
                    "\(state)  \(alert.key)  \(alert.severity.rawValue)  since \(alert.since)"
                        + (alert.lastNotifiedAt.map { "  notified \($0)" } ?? ""))
            }
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failures)
        }
    }

    static func print(_ history: AlertHistory, terminal: Terminal) {
        terminal.print(
            terminal.paint("\(history.key)", "1") + (history.alert.map { "  now \($0.state.rawValue)" } ?? ""))
        for event in history.events {
            switch event {
            case .transition(let record):
                terminal.print("  \(record.at)  \(record.from.rawValue) → \(record.to.rawValue)")
                if let evidence = record.evidence {
                    terminal.print("      rule file \(evidence.ruleFile) (hash \(evidence.ruleHash.prefix(12)))")
                    for input in evidence.inputs { terminal.print("      \(input.expression) = \(input.value)") }
                    for window in evidence.windows {
                        let shown = window.samples.map { "\($0.time): \($0.value)" }.joined(separator: ", ")
                        terminal.print(
                            "      \(window.expression) over \(window.totalSamples) samples: \(shown)"
                                + (window.totalSamples > window.samples.count ? ", …" : ""))
                    }
                }
            case .notification(let record):
                terminal.print(
                    "  \(record.notification.time)  notify \(record.destination) (\(record.notification.reason.rawValue))"
                        + (record.notification.shadow ? " [shadow: recorded, not sent]" : ""))
            case .delivery(let record):
                terminal.print(
                    "  \(record.at)  delivery attempt \(record.attempt) to \(record.destination): \(record.outcome.rawValue)"
                        + (record.detail.map { " (\($0))" } ?? ""))
            }
        }
    }
}
