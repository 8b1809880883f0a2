import AlertModel
import RuleEngine
import RuleLanguage
import Testing

/// Behaviour found wrong while writing the shipped rules, kept right.
@Suite("Regressions")
struct RegressionTests {
    @Test("an alert resolves when its window empties even if a message reads another window")
    func windowOnlyInMessage() throws {
        let rules = try compileRules(
            """
            rule r {
              on trade closed
              when count(10m) >= 2 or sum(profit, 5m) > 1000
              by login
              webhook risk_desk "{sum(profit, 10m)}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        for (order, second) in [(1.0, 0.0), (2, 10), (3, 20)] {
            engine.process(
                try event(.trade, "closed", at: second, ["order": .number(order), "login": .number(7), "profit": .number(10)]))
        }
        #expect(engine.alerts.map(\.status.state) == [.firing])
        engine.advance(to: at(611))
        #expect(engine.alerts.map(\.status.state) == [.resolved])
    }

    @Test("a timer that falls outside the active hours waits for them instead of being lost")
    func scheduledTimer() throws {
        let rules = try compileRules(
            """
            rule stale {
              on tick
              when silence >= 30s
              active during daily 00:00-12:00 UTC
              log "{symbol}"
            }
            """)
        let start = epoch.adding(milliseconds: (11 * 3600 + 59 * 60 + 50) * 1000)
        let engine = RuleEngine(ruleSet: rules, startingAt: start)
        var tick = TradingEvent.empty(.tick, platform: "MT4", time: start)
        try tick.set("symbol", .string("EURUSD"))
        engine.process(tick)
        #expect(engine.advance(to: at(23 * 3600)).isEmpty, "the silence passes 30 s after noon, outside the hours")
        let fired = engine.advance(to: at(24 * 3600))
        #expect(fired.texts == ["log: EURUSD"])
        #expect(fired.transitions.first?.at == at(24 * 3600))
    }

    @Test("the spread in points is a whole number, so a threshold of 30 points holds at 30 points")
    func spreadPoints() throws {
        let rules = try compileRules("rule wide {\n  on tick\n  when spreadPoints >= 30\n  log \"{spreadPoints}\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        engine.process(try event(.symbol, "updated", at: 0, ["symbol": .string("EURUSD"), "digits": .number(5)]))
        let tick = try event(.tick, at: 1, ["symbol": .string("EURUSD"), "bid": .number(1.08), "ask": .number(1.0803)])
        #expect(engine.process(tick).texts == ["log: 30"])
    }

    @Test("constants are shared by the rule files compiled together, and defined only once")
    func sharedConstants() throws {
        let compiler = RuleSetCompiler(schema: TradingSchema.shared.language)
        let groups = SourceFile(path: "groups.rules", text: "let real_groups = [\"real-*\"]\n")
        let margin = SourceFile(
            path: "margin.rules",
            text: "rule m {\n  on margin\n  where group matches real_groups\n  when level < 100%\n  log \"x\"\n}\n")
        #expect(compiler.compile([groups, margin]).ruleSet?.rules.count == 1)
        let again = SourceFile(path: "again.rules", text: "let real_groups = [\"ecn-*\"]\n")
        let result = compiler.compile([groups, again, margin])
        #expect(result.ruleSet == nil)
        #expect(
            result.diagnostics.map { "\($0.path):\($0.location): \($0.message)" } == [
                "again.rules:1:5: constant 'real_groups' is already defined at groups.rules:1:5"
            ])
    }
}
