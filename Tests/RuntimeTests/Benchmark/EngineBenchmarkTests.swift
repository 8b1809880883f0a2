import RuleEngine
import RuleLanguage
import Testing

@testable import Runtime

@Suite("Engine benchmark workloads")
struct EngineBenchmarkTests {
    @Test("generated rule sets compile, small and large", arguments: [10, 300])
    func generatedRulesCompile(count: Int) throws {
        let (ruleSet, _) = try EngineBenchmark.compile([
            SourceFile(path: "generated.rules", text: GeneratedRules.source(count: count))
        ])
        #expect(ruleSet.rules.count == count)
    }

    @Test("the same seed gives the same feed, with the documented mix of streams")
    func workloadIsSeeded() {
        let first = EngineWorkload(events: 5000, accounts: 500, symbols: 20, groups: 10, seed: 3)
        let second = EngineWorkload(events: 5000, accounts: 500, symbols: 20, groups: 10, seed: 3)
        #expect(
            first.events.map { "\($0.stream) \($0.kind) \($0.record)" }
                == second.events.map { "\($0.stream) \($0.kind) \($0.record)" })
        let margins = Double(first.events.filter { $0.stream == .margin }.count) / 5000
        let ticks = Double(first.events.filter { $0.stream == .tick }.count) / 5000
        #expect(abs(margins - 0.7) < 0.03 && abs(ticks - 0.2) < 0.03)
    }

    @Test("the same number of margin rules applies to an event at 100 and at 300 rules")
    func applyingRulesStayTheSame() throws {
        for count in [100, 300] {
            let (ruleSet, _) = try EngineBenchmark.compile([
                SourceFile(path: "generated.rules", text: GeneratedRules.source(count: count))
            ])
            let partitions = GeneratedRules.partitions(forRules: count)
            let inGroupZero = ruleSet.rules.filter {
                $0.definition.stream.name == "margin" && $0.name.hasPrefix("gen_")
                    && (Int($0.name.dropFirst(4))! / 10) % partitions == 0
            }
            #expect(inGroupZero.count == 6, "\(count) rules")
        }
    }

    @Test("a run processes every event and reports percentiles in order")
    func runReports() throws {
        let (ruleSet, _) = try EngineBenchmark.compile([
            SourceFile(path: "generated.rules", text: GeneratedRules.source(count: 100))
        ])
        let workload = EngineWorkload(events: 5000, accounts: 200, symbols: 10, groups: 10, seed: 1)
        let result = EngineBenchmark.run(ruleSet, workload: workload)
        #expect(result.events == 5000)
        #expect(result.latency.p50 <= result.latency.p99 && result.latency.p99 <= result.latency.p999)
        #expect(result.transitions > 0)
        // The feed's three streams, each timed.
        #expect(result.meanByStream.map(\.stream) == [.margin, .trade, .tick])
        #expect(result.meanByStream.allSatisfy { $0.nanoseconds > 0 })
    }
}

@Suite("End-to-end benchmark")
struct EndToEndBenchmarkTests {
    @Test("every published update reaches the outbox path, and latencies are measured from publishing")
    func smallRun() async throws {
        let (ruleSet, _) = try EngineBenchmark.compile([
            SourceFile(
                path: "margin.rules",
                text: """
                    rule margin_call {
                      on margin
                      when level < 100%
                      by login
                      log "{login} at {level:.1f}%"
                    }
                    """)
        ])
        let result = try await EndToEndBenchmark.run(events: 3000, rate: nil, ruleSet: ruleSet)
        #expect(result.processed == 3000)
        #expect(result.latency.p50 > 0 && result.latency.p50 <= result.latency.p99)
    }
}
