import AlertModel
import AlertStore
import ArgumentParser
import Foundation

/// `mtrules outbox`: what is waiting to be delivered, what keeps failing, what was given up on; and the operator's
/// two levers, retry and drop.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List pending, failing and dead-lettered notifications; retry or drop one.",
        subcommands: [OutboxList.self, OutboxRetry.self, OutboxDrop.self],
        defaultSubcommand: OutboxList.self
    )
}

/// `mtrules outbox list`: one line per entry, newest last.
struct OutboxList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List outbox entries (pending by default).")

    @OptionGroup var store: StoreOption

    @Option(help: "Which entries: pending, failed, dead, delivered, dropped or all.")
    var state: OutboxFilter = .pending

    @Option(help: "Only this destination: mail, news, log or webhook:NAME.")
    var destination: String?

    @Option(help: "At most this many entries.")
    var limit = 100

    func run() async throws {
        let terminal = Terminal()
        let alerts = try store.open(terminal: terminal)
        let entries: [OutboxEntry]
        let statistics: OutboxStatistics
        do {
            entries = try alerts.outboxEntries(state, destination: destination, limit: limit)
            statistics = try alerts.outboxStatistics()
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        terminal.print(
            "outbox: \(statistics.count(.pending)) pending (\(statistics.failing) failing), "
                + "\(statistics.deadLetters) dead, \(statistics.count(.delivered)) delivered")
        if entries.isEmpty {
            terminal.print("no \(state.rawValue) entries" + (destination.map { " for \($0)" } ?? ""))
            return
        }
        for entry in entries {
            terminal.print(Self.line(entry, terminal: terminal))
        }
    }

    static func line(_ entry: OutboxEntry, terminal: Terminal) -> String {
        let notification = entry.notification
        var line =
            "#\(entry.id)  \(entry.state.rawValue)  \(entry.destination)  \(notification.key)  "
            + "\(notification.reason.rawValue)  recorded \(entry.createdAt)  attempts \(entry.attempts)"
        if entry.state == .pending, entry.attempts > 0 { line += "  next \(entry.nextAttemptAt)" }
        if let error = entry.lastError {
            line += "\n    " + terminal.paint("last error: \(error)", entry.state == .dead ? "31" : "33")
        }
        return line
    }
}

/// `mtrules outbox retry ID`: a dead letter (or a failing entry) is tried again now.
struct OutboxRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Deliver a dead or failing entry again, now (a running service picks it up).")

    @OptionGroup var store: StoreOption

    @Argument(help: "The entry's number, as `outbox list` shows it (#12 or 12).")
    var id: String

    func run() async throws {
        let terminal = Terminal()
        let alerts = try store.open(terminal: terminal)
        guard let number = Int64(id.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
            throw ValidationError("'\(id)' is not an entry number; `mtrules outbox list` shows them as #12")
        }
        do {
            let entry = try alerts.requeue(number, reason: "requeued with mtrules outbox retry")
            terminal.print("#\(entry.id) is pending again for \(entry.destination)")
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failures)
        }
    }
}

/// `mtrules outbox drop ID --reason …`: give up on an entry on purpose; the reason is kept in the audit log.
struct OutboxDrop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Give up on an entry; it is kept, marked dropped, with your reason.")

    @OptionGroup var store: StoreOption

    @Argument(help: "The entry's number, as `outbox list` shows it.")
    var id: String

    @Option(help: "Why, for the audit log.")
    var reason: String

    func run() async throws {
        let terminal = Terminal()
        let alerts = try store.open(terminal: terminal)
        guard let number = Int64(id.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
            throw ValidationError("'\(id)' is not an entry number; `mtrules outbox list` shows them as #12")
        }
        do {
            let entry = try alerts.drop(number, reason: reason)
            terminal.print("#\(entry.id) dropped")
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failures)
        }
    }
}

extension OutboxFilter: ExpressibleByArgument {}
