import AlertModel
import Foundation
import RuleEngine
import RuleLanguage
import Testing

@Suite("Engine snapshots")
struct SnapshotRoundTripTests {
    struct Output: Codable {
        var transitions: [AlertTransition]
        var notifications: [AlertNotification]
    }

    /// The determinism workload (margin calls with `for`, renotify and step; a 1h drawdown window; a limited burst
    /// rule; silence), run once without stopping and once restarted from JSON every `restartEvery` events.
    func run(restartEvery: Int?) throws -> Data {
        let ruleSet = try compileRules(DeterminismTests.rules)
        var engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        var random = DeterminismTests.SplitMix64(state: 42)
        var output = EngineOutput()
        var time = 0.0
        for index in 0..<3000 {
            if let restartEvery, index > 0, index % restartEvery == 0 {
                engine = try restarted(engine, ruleSet: ruleSet)
            }
            time += random.uniform() * 3
            output.append(engine.process(try DeterminismTests.randomEvent(index: index, at: time, random: &random)))
        }
        if let restartEvery, restartEvery > 0 { engine = try restarted(engine, ruleSet: ruleSet) }
        output.append(engine.advance(to: at(time + 7200)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Output(transitions: output.transitions, notifications: output.notifications))
    }

    @Test(
        "an engine restarted from JSON again and again gives the same transitions and notification ids as one that never stopped"
    )
    func restartsChangeNothing() throws {
        let uninterrupted = try run(restartEvery: nil)
        let decoded = try JSONDecoder().decode(Output.self, from: uninterrupted)
        #expect(decoded.transitions.count > 50 && decoded.notifications.count > 20, "the workload exercises the rules")
        for every in [97, 500] {
            let restarted = try run(restartEvery: every)
            let replay = try JSONDecoder().decode(Output.self, from: restarted)
            // The first difference, not the whole lists: thousands of entries make an unreadable failure.
            #expect(replay.transitions.count == decoded.transitions.count, "restarting every \(every) events")
            #expect(replay.notifications.count == decoded.notifications.count, "restarting every \(every) events")
            let transition = zip(replay.transitions, decoded.transitions).first { $0 != $1 }
            #expect(transition == nil, "restarting every \(every) events")
            let notification = zip(replay.notifications, decoded.notifications).first { $0.id != $1.id }
            #expect(notification.map { "\($0.id) instead of \($1.id)" } == nil, "restarting every \(every) events")
            #expect(restarted == uninterrupted, "restarting every \(every) events")
        }
    }

    @Test("a snapshot survives its JSON unchanged, missing numbers (NaN) included")
    func nanRoundTrip() throws {
        let ruleSet = try compileRules(
            """
            rule moved {
              on margin
              when level < prev(level)
              by login
              log "{login} fell"
            }
            rule drawdown {
              on margin
              when drop(equity, 1h) >= 20%
              log "{login}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try margin(at: 1, login: 7, level: 150))
        let snapshot = engine.snapshot()
        let data = try snapshot.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"nan\""), "the margin event's unset fields are NaN")
        let decoded = try EngineSnapshot(data: data)
        #expect(try decoded.encoded() == data)
        let key = try #require(decoded.rules.first?.keys.first)
        #expect(key.memory.previousNumbers.count == 1 && key.memory.previousNumbers[0].isNaN)
        #expect(key.memory.latestNumbers == [150])
        #expect(key.lastRecord.numbers.contains { $0.isNaN })
        #expect(try restarted(engine, ruleSet: ruleSet).snapshot().encoded() == data)
    }

    @Test("a snapshot from a newer mtrules is refused with both versions named")
    func newerVersion() throws {
        var snapshot = RuleEngine(ruleSet: try compileRules("rule r {\n  on margin\n  when level < 1%\n  log \"x\"\n}"))
            .snapshot()
        snapshot.version = 99
        let data = try snapshot.encoded()
        #expect(throws: EngineSnapshotError.unsupportedVersion(found: 99, supported: EngineSnapshot.currentVersion)) {
            try EngineSnapshot(data: data)
        }
        let message = EngineSnapshotError.unsupportedVersion(found: 99, supported: 1).description
        #expect(message.contains("99") && message.contains("newer mtrules"))
    }

    @Test("damaged state is refused with the place in the document that is wrong")
    func malformed() throws {
        let error = try #require(throws: EngineSnapshotError.self) {
            try EngineSnapshot(data: Data(#"{"version":1,"clock":"soon"}"#.utf8))
        }
        guard case .malformed(_, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(reason.contains("clock"))
        #expect(error.description.contains("Start without it"))
    }
}
