import AlertModel
import ArgumentParser
import Foundation
import RuleEngine
import RuleLanguage
import Runtime

/// `mtrules replay FILE --rules DIR`: run rules over a recorded hub stream in event time and print what would have
/// fired; `--compare DIR2` prints how a second rule set would have differed.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run rules over a recording of the hub stream and print what would have fired.",
        discussion: """
            Recordings are written by `mtrules run --record FILE` (format: docs/replay.md). Events are replayed in \
            the order and at the times they were received, as fast as the machine goes; nothing is delivered.
            Exits 1 when the rules do not compile, 2 when the recording cannot be read or has a bad line \
            (see --skip-bad-lines).
            """
    )

    @Argument(help: "The recording (JSON lines).")
    var file: String

    @Option(name: .customLong("rules"), help: "Rule files or directories to replay (repeat for more).")
    var rules: [String] = ["rules"]

    @Option(
        name: .customLong("compare"),
        help: "Rule files or directories of a second rule set to compare with (repeat for more).")
    var compare: [String] = []

    @Flag(name: .customLong("skip-bad-lines"), help: "Skip lines that are not recording lines instead of stopping.")
    var skipBadLines = false

    @Flag(help: "Print the result as one JSON document.")
    var json = false

    func run() throws {
        let terminal = Terminal()
        let ruleSet = try Self.compile(rules, terminal: terminal)
        let other = compare.isEmpty ? nil : try Self.compile(compare, terminal: terminal)
        let runner = ReplayRunner(skipBadLines: skipBadLines, progressEvery: 2048)
        let bar = ProgressBar(path: file)
        let started = ContinuousClock.now
        let results: [ReplayResult]
        do {
            results = try runner.run([ruleSet] + (other.map { [$0] } ?? []), path: file, progress: bar.update)
        } catch {
            bar.clear()
            terminal.error(error.description)
            if error.line != nil, !skipBadLines {
                terminal.error("hint: --skip-bad-lines skips such lines and replays the rest")
            }
            throw ExitCode(ExitStatus.usage)
        }
        bar.clear()
        let elapsed = ContinuousClock.now - started
        for error in results[0].badLines.prefix(10) { terminal.error("skipped: " + error.description) }
        if results[0].badLines.count > 10 { terminal.error("skipped \(results[0].badLines.count - 10) more bad lines") }
        let output = ReplayOutput(terminal: terminal)
        if other != nil, results.count == 2 {
            let comparison = ReplayComparison(a: results[0], b: results[1])
            if json {
                try output.printJSON(ComparisonDocument(comparison: comparison, a: results[0], b: results[1]))
            } else {
                output.printComparison(comparison, a: results[0], b: results[1], rulesA: rules, rulesB: compare)
            }
        } else if json {
            try output.printJSON(ResultDocument(results[0]))
        } else {
            output.printTimeline(results[0])
            output.printSummary(results[0], elapsed: elapsed)
        }
    }

    /// Compiles rule paths as `mtrules check` does, printing errors to standard error.
    static func compile(_ paths: [String], terminal: Terminal) throws -> CompiledRuleSet {
        let (result, loadErrors) = RuleLoader.compile(paths: paths)
        for error in loadErrors { terminal.error(error.description) }
        if !loadErrors.isEmpty { throw ExitCode(ExitStatus.usage) }
        if result.files.isEmpty {
            terminal.error("error: no .rules files under \(paths.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        let renderer = DiagnosticRenderer(useColor: terminal.useColor)
        let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let errors = result.diagnostics.filter(\.isError)
        for diagnostic in errors {
            terminal.error(renderer.render(diagnostic, source: sources[diagnostic.path]))
        }
        guard errors.isEmpty, let ruleSet = result.ruleSet else {
            terminal.error(
                "the rules in \(paths.joined(separator: ", ")) do not compile: \(errors.count) "
                    + "error\(errors.count == 1 ? "" : "s") (see `mtrules check`)")
            throw ExitCode(ExitStatus.failures)
        }
        return ruleSet
    }
}

/// The replay's text and JSON output.
private struct ReplayOutput {
    let terminal: Terminal

    /// Firings, resolutions and notifications in time order; a notification follows the transition that caused it.
    func printTimeline(_ result: ReplayResult) {
        var entries: [(time: Timestamp, order: Int, text: String)] = []
        for (index, transition) in result.transitions.enumerated()
        where transition.to == .firing || transition.to == .resolved {
            let state =
                transition.to == .firing
                ? terminal.paint("firing  ", "31;1") : terminal.paint("resolved", "32")
            let severity = transition.to == .firing ? "  " + transition.severity.rawValue : ""
            entries.append(
                (transition.at, index * 2, "\(transition.at)  \(state)  \(transition.key)\(severity)"))
        }
        for (index, notification) in result.notifications.enumerated() {
            let shadow = notification.shadow ? " (shadow: not sent)" : ""
            let arrow = terminal.paint("→", "2")
            entries.append(
                (
                    notification.time, result.transitions.count * 2 + index,
                    "\(notification.time)    \(arrow) \(notification.destination)\(shadow): \(notification.text)"
                ))
        }
        // Stable by time, transitions before the notifications of the same moment.
        for entry in entries.sorted(by: { ($0.time, $0.order) < ($1.time, $1.order) }) { terminal.print(entry.text) }
    }

    func printSummary(_ result: ReplayResult, elapsed: Duration) {
        terminal.print("")
        let streams = RecordedStream.allCases.compactMap { stream in
            result.eventsByStream[stream].map { "\(stream.rawValue) \(Self.count($0))" }
        }
        var events = "events: \(Self.count(result.events))"
        if !streams.isEmpty { events += " (" + streams.joined(separator: ", ") + ")" }
        if result.undecodable > 0 { events += ", \(Self.count(result.undecodable)) undecodable skipped" }
        if !result.badLines.isEmpty { events += ", \(Self.count(result.badLines.count)) bad lines skipped" }
        terminal.print(events)
        let open = result.openAlerts.filter { $0.status.state == .firing }.count
        terminal.print(
            "alerts: \(result.fired.count) fired, \(result.resolved.count) resolved, \(open) still firing at the end")
        let channels = result.notificationsByChannel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        terminal.print(
            "notifications: \(result.notifications.count)"
                + (channels.isEmpty ? "" : " (" + channels.joined(separator: ", ") + ")"))
        if let first = result.firstTime, let last = result.lastTime {
            let ending =
                result.endTime == nil
                ? "; no end line: the recorder did not stop cleanly, timers after the last line did not run" : ""
            terminal.print("recording: \(first) to \(last)\(ending)")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(result.events) / seconds) : result.events
        terminal.print("replayed in \(String(format: "%.2f", seconds)) s, \(Self.count(rate)) events/s")
    }

    func printComparison(
        _ comparison: ReplayComparison, a: ReplayResult, b: ReplayResult, rulesA: [String], rulesB: [String]
    ) {
        terminal.print("A: \(rulesA.joined(separator: ", "))")
        terminal.print("B: \(rulesB.joined(separator: ", "))")
        terminal.print("over \(Self.count(a.events)) events")
        if comparison.isEmpty {
            terminal.print("no difference: both fired, resolved and sent the same at the same times")
        }
        section("alerts only in A", comparison.alertsOnlyInA.map { "\($0.at)  \($0.to.rawValue)  \($0.key)" })
        section("alerts only in B", comparison.alertsOnlyInB.map { "\($0.at)  \($0.to.rawValue)  \($0.key)" })
        section(
            "alerts at different times",
            comparison.alertsAtDifferentTimes.map {
                "\($0.state.rawValue)  \($0.key): A \($0.a), B \($0.b) (\(Self.delta($0.b.milliseconds - $0.a.milliseconds)))"
            })
        section(
            "notifications only in A",
            comparison.notificationsOnlyInA.map { "\($0.time)  \($0.destination): \($0.text)" })
        section(
            "notifications only in B",
            comparison.notificationsOnlyInB.map { "\($0.time)  \($0.destination): \($0.text)" })
        section(
            "notifications that differ",
            comparison.notificationsChanged.flatMap {
                [
                    "A \($0.a.time)  \($0.a.destination): \($0.a.text)",
                    "B \($0.b.time)  \($0.b.destination): \($0.b.text)",
                ]
            }, count: comparison.notificationsChanged.count)
        terminal.print("")
        terminal.print(
            "A: \(a.fired.count) fired, \(a.resolved.count) resolved, \(a.notifications.count) notifications; "
                + "B: \(b.fired.count) fired, \(b.resolved.count) resolved, \(b.notifications.count) notifications")
    }

    private func section(_ title: String, _ lines: [String], count: Int? = nil) {
        guard !lines.isEmpty else { return }
        terminal.print("")
        terminal.print(terminal.paint("\(title) (\(count ?? lines.count)):", "1"))
        for line in lines { terminal.print("  " + line) }
    }

    func printJSON(_ document: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        terminal.print(String(decoding: try encoder.encode(document), as: UTF8.self))
    }

    /// `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `+30.000 s`.
    static func delta(_ milliseconds: Int64) -> String {
        (milliseconds >= 0 ? "+" : "-") + String(format: "%.3f s", Double(milliseconds.magnitude) / 1000)
    }
}

/// `--json` for one rule set.
private struct ResultDocument: Encodable {
    struct Alert: Encodable {
        var time: String
        var state: String
        var key: String
        var severity: String
    }

    struct Notification: Encodable {
        var time: String
        var id: String
        var key: String
        var reason: String
        var destination: String
        var text: String
        var shadow: Bool
    }

    var alerts: [Alert]
    var notifications: [Notification]
    var events: [String: Int]
    var undecodable: Int
    var badLines: [String]
    var firstTime: String?
    var lastTime: String?
    var endTime: String?
    var stillFiring: [String]

    init(_ result: ReplayResult) {
        alerts = result.transitions.filter { $0.to == .firing || $0.to == .resolved }.map {
            Alert(time: "\($0.at)", state: $0.to.rawValue, key: "\($0.key)", severity: $0.severity.rawValue)
        }
        notifications = result.notifications.map(Self.notification)
        events = Dictionary(uniqueKeysWithValues: result.eventsByStream.map { ($0.key.rawValue, $0.value) })
        undecodable = result.undecodable
        badLines = result.badLines.map(\.description)
        firstTime = result.firstTime.map { "\($0)" }
        lastTime = result.lastTime.map { "\($0)" }
        endTime = result.endTime.map { "\($0)" }
        stillFiring = result.openAlerts.filter { $0.status.state == .firing }.map { "\($0.key)" }
    }

    static func notification(_ notification: ReplayedNotification) -> Notification {
        Notification(
            time: "\(notification.time)", id: notification.id, key: "\(notification.key)",
            reason: notification.reason.rawValue, destination: notification.destination, text: notification.text,
            shadow: notification.shadow)
    }
}

/// `--json` with `--compare`.
private struct ComparisonDocument: Encodable {
    struct AlertDifference: Encodable {
        var key: String
        var state: String
        var a: String
        var b: String
    }

    struct NotificationDifference: Encodable {
        var a: ResultDocument.Notification
        var b: ResultDocument.Notification
    }

    var a: ResultDocument
    var b: ResultDocument
    var alertsOnlyInA: [ResultDocument.Alert]
    var alertsOnlyInB: [ResultDocument.Alert]
    var alertsAtDifferentTimes: [AlertDifference]
    var notificationsOnlyInA: [ResultDocument.Notification]
    var notificationsOnlyInB: [ResultDocument.Notification]
    var notificationsThatDiffer: [NotificationDifference]

    init(comparison: ReplayComparison, a: ReplayResult, b: ReplayResult) {
        self.a = ResultDocument(a)
        self.b = ResultDocument(b)
        func alert(_ transition: AlertTransition) -> ResultDocument.Alert {
            .init(
                time: "\(transition.at)", state: transition.to.rawValue, key: "\(transition.key)",
                severity: transition.severity.rawValue)
        }
        alertsOnlyInA = comparison.alertsOnlyInA.map(alert)
        alertsOnlyInB = comparison.alertsOnlyInB.map(alert)
        alertsAtDifferentTimes = comparison.alertsAtDifferentTimes.map {
            AlertDifference(key: "\($0.key)", state: $0.state.rawValue, a: "\($0.a)", b: "\($0.b)")
        }
        notificationsOnlyInA = comparison.notificationsOnlyInA.map(ResultDocument.notification)
        notificationsOnlyInB = comparison.notificationsOnlyInB.map(ResultDocument.notification)
        notificationsThatDiffer = comparison.notificationsChanged.map {
            NotificationDifference(a: ResultDocument.notification($0.a), b: ResultDocument.notification($0.b))
        }
    }
}

/// A progress bar on standard error, only when it is a terminal and the file is big enough to wait for; redrawn
/// at most ten times a second.
private final class ProgressBar {
    private let enabled: Bool
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    init(path: String, minimumBytes: Int64 = 16 * 1024 * 1024) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        enabled = isatty(STDERR_FILENO) == 1 && size >= minimumBytes
    }

    func update(_ progress: ReplayProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        let width = 30
        let filled = Int(progress.fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = String(format: "%3d%%", Int(progress.fraction * 100))
        let megabytes = String(
            format: "%.0f/%.0f MB", Double(progress.bytesRead) / 1e6, Double(progress.totalBytes) / 1e6)
        let text = "\r\(bar) \(percent)  \(ReplayOutput.count(progress.events)) events  \(megabytes)"
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
