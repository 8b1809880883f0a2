import ArgumentParser
import Foundation
import RuleEngine
import Runtime

/// `mtrules bench e2e`: the simulator through the hub client, the engine and the outbox.
struct EndToEndBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Margin updates from the simulator over a loopback WebSocket through the rules into the outbox.",
        discussion: """
            Two measurements per run: throughput, publishing as fast as the service takes the updates, and \
            event-to-outbox latency at a steady --rate. The rules are the shipped ones (--rules); publisher and \
            service share the machine's cores.
            """
    )

    @Option(help: "Events per run.")
    var events = 300_000

    @Option(help: "Events per second for the latency measurement.")
    var rate = 50_000.0

    @Option(help: "Number of runs; the medians are reported.")
    var runs = 3

    @Option(name: .customLong("rules"), help: "Rule files or directories.")
    var rulePaths: [String] = ["rules"]

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard events > 0, runs > 0, rate > 0 else {
            throw ValidationError("--events, --runs and --rate must be positive")
        }
    }

    func run() async throws {
        let terminal = Terminal()
        let ruleSet = try ServiceRuntime.compileRules(rulePaths)
        var throughput: [EndToEndBenchmark.Result] = []
        var paced: [EndToEndBenchmark.Result] = []
        for run in 1...runs {
            let fast = try await EndToEndBenchmark.run(events: events, rate: nil, ruleSet: ruleSet)
            let steady = try await EndToEndBenchmark.run(events: events, rate: rate, ruleSet: ruleSet)
            throughput.append(fast)
            paced.append(steady)
            if !json {
                terminal.print(
                    "run \(run): \(Int(fast.eventsPerSecond).grouped) events/s (\(fast.processed) of \(fast.published)); "
                        + "at \(Int(rate).grouped)/s: p50 " + String(format: "%.2f", steady.latency.p50) + " ms, p99 "
                        + String(format: "%.2f", steady.latency.p99) + " ms, max "
                        + String(format: "%.1f", steady.latency.max) + " ms; \(fast.transitions) transitions")
            }
        }
        let fastest = throughput.sorted { $0.eventsPerSecond < $1.eventsPerSecond }[throughput.count / 2]
        let p99s = paced.map(\.latency.p99).sorted()
        let p50s = paced.map(\.latency.p50).sorted()
        let lost = (throughput + paced).map { $0.published - $0.processed }.max() ?? 0
        if json {
            let document: [String: Any] = [
                "benchmark": "end-to-end", "events": events, "rate": rate, "runs": runs, "rules": ruleSet.rules.count,
                "medianEventsPerSecond": Int(fastest.eventsPerSecond),
                "eventsPerSecond": throughput.map { Int($0.eventsPerSecond) },
                "medianP50Milliseconds": (p50s[p50s.count / 2] * 100).rounded() / 100,
                "medianP99Milliseconds": (p99s[p99s.count / 2] * 100).rounded() / 100, "maxEventsLost": lost,
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        } else {
            terminal.print(
                "median: \(Int(fastest.eventsPerSecond).grouped) events/s into the outbox; at \(Int(rate).grouped) "
                    + "events/s event-to-outbox p50 " + String(format: "%.2f", p50s[p50s.count / 2]) + " ms, p99 "
                    + String(format: "%.2f", p99s[p99s.count / 2]) + " ms; events lost in the worst run: \(lost)")
        }
    }
}
