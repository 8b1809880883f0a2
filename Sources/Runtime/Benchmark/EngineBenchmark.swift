import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage

/// The engine alone on one core: how many events per second it takes, what one event costs at the median and in the
/// tail, how long a rule set takes to compile, and how much memory an account with windows holds.
public enum EngineBenchmark {
    public struct Result: Sendable {
        public var rules: Int
        public var events: Int
        public var seconds: Double
        public var eventsPerSecond: Double { Double(events) / seconds }
        public var nanosecondsPerEvent: Double { seconds * 1e9 / Double(events) }
        /// Per-event processing time percentiles (ns) from a sampled pass: p50, p99, p99.9.
        public var latency: (p50: Double, p99: Double, p999: Double)
        /// The mean time (ns) of the sampled pass's timed events, by stream, in `TradingStream` order: where the time
        /// goes when the feed mixes streams.
        public var meanByStream: [(stream: TradingStream, nanoseconds: Double)]
        public var transitions: Int
        public var notifications: Int
    }

    /// Compiles `source` and returns the rule set and the seconds it took (parse, check, compile).
    public static func compile(_ sources: [SourceFile]) throws -> (CompiledRuleSet, Double) {
        let started = ContinuousClock.now
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(sources)
        let elapsed = ContinuousClock.now - started
        guard let ruleSet = result.ruleSet else {
            throw Failure(
                description: "the benchmark's rules do not compile: "
                    + (result.diagnostics.first { $0.isError }.map { "\($0.path):\($0.location): \($0.message)" } ?? "")
            )
        }
        return (ruleSet, seconds(elapsed))
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One throughput pass (no timing per event) and one latency pass (every 4th event timed), each on a fresh engine
    /// that knows every account already (`EngineWorkload.known`).
    /// - Parameter indexesThresholds: as `RuleEngine`'s; off measures every candidate rule evaluated one by one.
    public static func run(
        _ ruleSet: CompiledRuleSet, workload: EngineWorkload, indexesThresholds: Bool = true
    ) -> Result {
        var transitions = 0
        var notifications = 0
        let engine = RuleEngine(
            ruleSet: ruleSet, startingAt: EngineWorkload.start, indexesThresholds: indexesThresholds)
        for event in workload.known { engine.seed(event) }
        let started = ContinuousClock.now
        let events = workload.events
        for index in events.indices {
            if index + 2 < events.count { engine.prefetch(events[index + 2]) }
            let output = engine.process(events[index])
            transitions &+= output.transitions.count
            notifications &+= output.notifications.count
        }
        let elapsed = seconds(ContinuousClock.now - started)

        let timed = RuleEngine(
            ruleSet: ruleSet, startingAt: EngineWorkload.start, indexesThresholds: indexesThresholds)
        for event in workload.known { timed.seed(event) }
        var samples: [Double] = []
        samples.reserveCapacity(workload.events.count / 4 + 1)
        var byStream = Array(repeating: (total: 0.0, count: 0), count: TradingStream.allCases.count)
        for (index, event) in events.enumerated() {
            if index + 2 < events.count { timed.prefetch(events[index + 2]) }
            if index & 3 == 0 {
                let before = ContinuousClock.now
                _ = timed.process(event)
                let nanoseconds = seconds(ContinuousClock.now - before) * 1e9
                samples.append(nanoseconds)
                byStream[event.stream.ordinal].total += nanoseconds
                byStream[event.stream.ordinal].count += 1
            } else {
                _ = timed.process(event)
            }
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        return Result(
            rules: ruleSet.rules.count, events: workload.events.count, seconds: elapsed,
            latency: (percentile(0.5), percentile(0.99), percentile(0.999)),
            meanByStream: TradingStream.allCases.compactMap { stream in
                let sums = byStream[stream.ordinal]
                return sums.count > 0 ? (stream, sums.total / Double(sums.count)) : nil
            }, transitions: transitions, notifications: notifications)
    }

    /// Resident memory per account an engine holds for a rule with a 1-hour window and `prev`, after `samples`
    /// margin updates per account (bytes, measured from the process's resident set before and after).
    public static func memoryPerAccount(accounts: Int, samples: Int) throws -> (bytes: Double, evaluations: Int) {
        let (ruleSet, _) = try compile([
            SourceFile(
                path: "memory.rules",
                text: """
                    rule drawdown {
                      on margin
                      when drop(equity, 1h) >= 30% and level < prev(level)
                      by login
                      log "{login} equity down {drop(equity, 1h):.1f}%"
                    }
                    """)
        ])
        let mapper = HubEventMapper()
        let before = residentBytes()
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: EngineWorkload.start)
        var random = BenchmarkRandom(seed: 7)
        for round in 0..<samples {
            for account in 0..<accounts {
                let time = EngineWorkload.start.adding(milliseconds: Int64(round) * 60_000 + Int64(account % 1000))
                let equity = 10_000 * (0.9 + random.unit() * 0.2)
                let payload = MarginCallPayload(
                    login: 100_000 + account, group: "g0", leverage: 100, updated: 0, balance: 10_000, equity: equity,
                    volumeLots: 1, margin: 3000, free: equity - 3000, level: 300 + random.unit() * 100,
                    controllingType: 0, levelType: 0)
                engine.process(mapper.event(payload, platform: "MT4-Bench", at: time))
            }
        }
        let after = residentBytes()
        let evaluations = engine.ruleCounters.first?.evaluations ?? 0
        withExtendedLifetime(engine) {}
        return (Double(after - before) / Double(accounts), evaluations)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The process's resident set (Linux `/proc/self/statm`), in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
