import ArgumentParser
import Foundation
import RuleEngine
import RuleLanguage
import Runtime

/// `mtrules bench engine`: the rule engine alone, on one core, by rule count.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Engine throughput (events/s on one core), per-event latency and compile time, by rule count.",
        discussion: """
            Generated rules (six in ten on margins, two on trades, two on ticks) plus the shipped rules, over a \
            seeded feed of margin updates, trades and ticks for --accounts accounts. In the blocks layout the \
            number of rules applying to each event stays the same at every rule count; in the shared layout every \
            rule applies to every event of its stream (see docs/performance.md).
            """
    )

    @Option(help: "Rule counts to measure, comma-separated.")
    var rules = "10,100,1000,10000"

    @Option(help: "Events per run.")
    var events = 1_000_000

    @Option(help: "Accounts in the feed.")
    var accounts = 100_000

    @Option(help: "Number of runs per rule count; the median is reported.")
    var runs = 5

    @Option(help: "Shipped rules to add to the generated ones (a directory or file; 'none' for none).")
    var shipped = "rules"

    @Option(help: "Seed of the feed.")
    var seed: UInt64 = 1

    @Option(
        help: """
            How generated rules select events: 'blocks' (each block of ten its own group or symbol) or 'shared' (every \
            rule every group or symbol).
            """)
    var layout: GeneratedRules.Layout = .blocks

    @Flag(help: "Evaluate every candidate rule one by one instead of finding threshold rules by binary search.")
    var noIndex = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard events > 0, runs > 0, accounts > 0 else {
            throw ValidationError("--events, --runs and --accounts must be positive")
        }
        guard counts.count == rules.split(separator: ",").count, counts.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--rules takes rule counts separated by commas, e.g. 10,100,1000")
        }
    }

    var counts: [Int] { rules.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let terminal = Terminal()
        var shippedSources: [SourceFile] = []
        if shipped != "none" {
            let (paths, errors) = RuleLoader.files(in: [shipped], withExtension: "rules")
            if let error = errors.first { throw ValidationError("\(error)") }
            for path in paths {
                if case .success(let file) = RuleLoader.read(path) { shippedSources.append(file) }
            }
        }
        if !json {
            terminal.print(
                "engine: \(events) events per run (70% margin, 10% trade, 20% tick), \(accounts) accounts, "
                    + "\(shippedSources.isEmpty ? "no" : "\(shippedSources.count) shipped rule files +") generated "
                    + "rules (\(layout.rawValue) layout\(noIndex ? ", no threshold index" : "")); median of \(runs) runs, "
                    + "one core")
            terminal.print(
                MallocHugePages.enabled()
                    ? "malloc: huge pages (\(MallocHugePages.setting))"
                    : "malloc: small pages (the service's recommended \(MallocHugePages.setting) is not set)")
            terminal.print(
                "rules".leftPadded(7) + "compile".leftPadded(10) + "events/s".leftPadded(13) + "ns/event".leftPadded(10)
                    + "p50 ns".leftPadded(9) + "p99 ns".leftPadded(9) + "p99.9 ns".leftPadded(10)
                    + "alerts".leftPadded(9))
        }
        var rows: [[String: Any]] = []
        for count in counts {
            let partitions = GeneratedRules.partitions(forRules: count)
            let workload = EngineWorkload(
                events: events, accounts: accounts, symbols: min(partitions, 200), groups: min(partitions, 100),
                seed: seed)
            let sources =
                shippedSources + [
                    SourceFile(path: "generated.rules", text: GeneratedRules.source(count: count, layout: layout))
                ]
            var compiles: [Double] = []
            var results: [EngineBenchmark.Result] = []
            for _ in 0..<runs {
                let (ruleSet, compileSeconds) = try EngineBenchmark.compile(sources)
                compiles.append(compileSeconds)
                results.append(EngineBenchmark.run(ruleSet, workload: workload, indexesThresholds: !noIndex))
            }
            let median = results.sorted { $0.eventsPerSecond < $1.eventsPerSecond }[results.count / 2]
            let compile = compiles.sorted()[compiles.count / 2]
            rows.append([
                "generatedRules": count, "rules": median.rules,
                "compileMilliseconds": (compile * 10_000).rounded() / 10,
                "medianEventsPerSecond": Int(median.eventsPerSecond),
                "eventsPerSecond": results.map { Int($0.eventsPerSecond) },
                "nanosecondsPerEvent": Int(median.nanosecondsPerEvent.rounded()),
                "latencyNanoseconds": [
                    "p50": Int(median.latency.p50), "p99": Int(median.latency.p99), "p999": Int(median.latency.p999),
                ],
                "transitions": median.transitions, "notifications": median.notifications,
                "meanNanosecondsByStream": Dictionary(
                    uniqueKeysWithValues: median.meanByStream.map {
                        ($0.stream.rawValue, Int($0.nanoseconds.rounded()))
                    }),
            ])
            if !json {
                terminal.print(
                    "\(median.rules)".leftPadded(7) + String(format: "%.0f ms", compile * 1000).leftPadded(10)
                        + Int(median.eventsPerSecond).grouped.leftPadded(13)
                        + "\(Int(median.nanosecondsPerEvent.rounded()))".leftPadded(10)
                        + "\(Int(median.latency.p50))".leftPadded(9) + "\(Int(median.latency.p99))".leftPadded(9)
                        + "\(Int(median.latency.p999))".leftPadded(10) + "\(median.transitions)".leftPadded(9))
                terminal.print(
                    "".leftPadded(7) + "  mean by stream: "
                        + median.meanByStream.map { "\($0.stream.rawValue) \(Int($0.nanoseconds.rounded())) ns" }
                        .joined(separator: ", "))
            }
        }
        if json {
            let document: [String: Any] = [
                "benchmark": "engine", "events": events, "accounts": accounts, "runs": runs, "seed": seed,
                "layout": layout.rawValue, "thresholdIndex": !noIndex, "mallocHugePages": MallocHugePages.enabled(),
                "shippedRuleFiles": shippedSources.count, "results": rows,
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// `mtrules bench memory`: what one tracked account with a window costs.
struct MemoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Resident memory per account tracked by a rule with a 1-hour window and prev()."
    )

    @Option(help: "Accounts to track.")
    var accounts = 100_000

    @Option(help: "Margin updates per account, a minute apart (all inside the window).")
    var samples = 10

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let terminal = Terminal()
        let (bytes, evaluations) = try EngineBenchmark.memoryPerAccount(accounts: accounts, samples: samples)
        if json {
            let document: [String: Any] = [
                "benchmark": "memory", "accounts": accounts, "samplesPerAccount": samples,
                "bytesPerAccount": Int(bytes.rounded()), "evaluations": evaluations,
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        } else {
            terminal.print(
                "memory: \(Int(bytes.rounded())) bytes per account (\(accounts) accounts, \(samples) samples each in a "
                    + "1-hour window, with prev())")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}

extension Int {
    /// 1234567 as "1,234,567".
    var grouped: String {
        let digits = String(self)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

extension GeneratedRules.Layout: ExpressibleByArgument {}
