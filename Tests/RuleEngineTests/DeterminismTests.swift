import AlertModel
import Foundation
import RuleEngine
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// A small seeded generator so the event stream is the same on every run and machine.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static let rules = """
        rule margin_call {
          on margin
          where group matches ["real-*"]
          when level < 100%
          clear when level >= 120%
          for 30s
          renotify every 10m
          step 10%
          mail client subject "Margin call" body "{level:.1f}%"
          on resolve log "cleared {login}"
        }
        rule drawdown {
          on margin
          when drop(equity, 1h) >= 20%
          webhook desk "{login} {drop(equity, 1h):.1f}% {avg(equity, 1h):money}"
        }
        rule burst {
          on trade opened
          when count(5m) >= 4
          by login
          limit 5 per 10m
          webhook desk "{login} {count(5m)}"
        }
        rule stale {
          on tick
          when silence >= 20s
          log "{symbol} silent"
        }
        """

    /// The workload's event number `index` at `time`: a margin update, a trade or a tick for one of 40 logins and three
    /// symbols, drawn from `random` (the restart tests replay the same workload).
    static func randomEvent(index: Int, at time: Double, random: inout SplitMix64) throws -> TradingEvent {
        let login = Double(1000 + Int(random.next() % 40))
        switch random.next() % 3 {
        case 0:
            return try margin(
                at: time, login: login, level: 60 + random.uniform() * 100,
                group: random.next() % 4 == 0 ? "demo" : "real-A", equity: 500 + random.uniform() * 1000)
        case 1:
            return try event(
                .trade, "opened", at: time,
                ["order": .number(Double(index)), "login": .number(login), "volumeLots": .number(1)])
        default:
            let symbol = ["EURUSD", "XAUUSD", "GBPUSD"][Int(random.next() % 3)]
            return try event(.tick, at: time, ["symbol": .string(symbol), "bid": .number(1), "ask": .number(1.0001)])
        }
    }

    func run(seed: UInt64) throws -> Data {
        let engine = RuleEngine(ruleSet: try compileRules(Self.rules), startingAt: epoch)
        var random = SplitMix64(state: seed)
        var output = EngineOutput()
        var time = 0.0
        for index in 0..<5000 {
            time += random.uniform() * 3
            output.append(engine.process(try Self.randomEvent(index: index, at: time, random: &random)))
        }
        output.append(engine.advance(to: at(time + 7200)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Snapshot(transitions: output.transitions, notifications: output.notifications))
    }

    struct Snapshot: Codable {
        var transitions: [AlertTransition]
        var notifications: [AlertNotification]
    }

    @Test("the same events and rules give the same transitions and notifications, byte for byte")
    func sameOutput() throws {
        let first = try run(seed: 42)
        let second = try run(seed: 42)
        #expect(first == second)
        let decoded = try JSONDecoder().decode(Snapshot.self, from: first)
        #expect(decoded.transitions.count > 50, "the workload exercises the rules")
        #expect(Set(decoded.notifications.map(\.key.rule)) == ["margin_call", "drawdown", "burst", "stale"])
        #expect(try run(seed: 7) != first, "a different stream gives different output")
    }
}
