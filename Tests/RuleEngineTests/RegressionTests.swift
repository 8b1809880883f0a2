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
                try event(
                    .trade, "closed", at: second, ["order": .number(order), "login": .number(7), "profit": .number(10)])
            )
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

    @Test("a resolved alert becomes inactive once its retention has passed")
    func resolvedRetention() throws {
        let rules = try compileRules("rule low {\n  on margin\n  when level < 100%\n  log \"{login}\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        engine.process(try margin(at: 0, login: 1, level: 50))
        engine.process(try margin(at: 10, login: 1, level: 150))
        #expect(engine.alerts.map(\.status.state) == [.resolved])
        #expect(engine.advance(to: at(10 + 899)).isEmpty)
        #expect(engine.advance(to: at(10 + 900)).transitionSummary == ["low[1] resolved->inactive"])
        #expect(engine.alerts.isEmpty)
    }

    @Test("a trade rule whose message reads a window stays momentary and keeps the history per key")
    func momentaryWithMessageWindow() throws {
        let rules = try compileRules(
            """
            rule big {
              on trade opened
              when volume >= 10
              by login
              log "{login}: {count(1h)} big trades this hour"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        var texts: [String] = []
        for order in 1...3 {
            let trade = try event(
                .trade, "opened", at: Double(order),
                ["order": .number(Double(order)), "login": .number(5), "volumeLots": .number(10)])
            let output = engine.process(trade)
            texts += output.texts
            #expect(output.transitionSummary == ["big[5] inactive->firing", "big[5] firing->resolved"])
        }
        #expect(
            texts == [
                "log: 5: 1 big trades this hour", "log: 5: 2 big trades this hour", "log: 5: 3 big trades this hour",
            ])
        #expect(engine.alerts.isEmpty)
    }

    @Test("a limit on a rule that only mails still summarises what it held back, to the log")
    func limitSummaryWithoutWebhook() throws {
        let rules = try compileRules(
            "rule m {\n  on trade opened\n  when volume >= 1\n  limit 1 per 1m\n  mail client body \"trade {order}\"\n}"
        )
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        for order in 1...3 {
            engine.process(
                try event(
                    .trade, "opened", at: Double(order),
                    ["order": .number(Double(order)), "login": .number(1), "volumeLots": .number(1)]))
        }
        let summary = engine.advance(to: at(120))
        #expect(summary.notifications.map(\.action.channel) == ["log"])
        #expect(summary.texts.first?.hasSuffix("alerts: m{order=2}@MT4, m{order=3}@MT4") == true)
    }

    @Test("events without the key field belong to one alert, not a new one each time")
    func missingKeyField() throws {
        let rules = try compileRules("rule low {\n  on margin\n  when level < 100%\n  log \"low\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        #expect(engine.process(try event(.margin, at: 0, ["level": .number(40)])).texts == ["log: low"])
        #expect(engine.process(try event(.margin, at: 1, ["level": .number(40)])).isEmpty)
        #expect(engine.alerts.count == 1)
    }

    @Test("a symbol rule sees its own settings as symbol.* and its latest quote as quote.*")
    func symbolRuleRelatedState() throws {
        let rules = try compileRules(
            "rule wide {\n  on symbol\n  when quote.spreadPoints > 20\n  log \"{symbol} {quote.spreadPoints}\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        engine.process(
            try event(.tick, at: 0, ["symbol": .string("EURUSD"), "bid": .number(1.1), "ask": .number(1.1003)]))
        let settings = try event(.symbol, "updated", at: 1, ["symbol": .string("EURUSD"), "digits": .number(5)])
        #expect(engine.process(settings).texts == ["log: EURUSD 30"])
    }

    struct CheckCase: Sendable, CustomTestStringConvertible {
        let source: String
        let message: String
        var testDescription: String { message }
    }

    @Test(
        "rules that could never work as written are refused with a clear error",
        arguments: [
            CheckCase(
                source: "rule s {\n  on tick\n  when silence >= 15s + 15s\n  log \"x\"\n}",
                message: "3:8: compare 'silence' directly with a constant duration"),
            CheckCase(
                source: "rule s {\n  on margin\n  when level in [50%, 100]\n  log \"x\"\n}",
                message: "3:23: a list of percent values holds a plain number"),
            CheckCase(
                source: "rule s {\n  on margin\n  when round(equity, 2.5) > 0\n  log \"x\"\n}",
                message: "3:22: round's digits must be a constant whole number from -15 to 15"),
            CheckCase(
                source:
                    "rule a {\n  on margin\n  when (level < 100%\n  log \"x\"\n}\nrule b {\n  on margin\n  when levl < 1%\n  log \"y\"\n}",
                message: "3:21: expected ')' to close '(', found the end of the line"),
        ])
    func refused(_ example: CheckCase) {
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: example.source)
        let messages = result.diagnostics.filter(\.isError).map { "\($0.location): \($0.message)" }
        #expect(messages.first == example.message)
    }

    @Test("an unclosed parenthesis does not hide the errors of the next rule")
    func parenthesisRecovery() {
        let source =
            "rule a {\n  on margin\n  when (level < 100%\n  log \"x\"\n}\nrule b {\n  on margin\n  when levl < 1%\n  log \"y\"\n}"
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source)
        #expect(result.diagnostics.map { "\($0.location)" } == ["3:21", "8:8"])
    }

    @Test("a pending alert ended by an event does not fire later from its old timer")
    func forgottenTimer() throws {
        let rules = try compileRules(
            """
            rule stale_margin {
              on margin
              when level < 100% or now() - updated >= 20s
              for 30s
              log "{login}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        var low = try margin(at: 0, login: 1, level: 50)
        try low.set("updated", .number(at(0).seconds))
        #expect(engine.process(low).transitionSummary == ["stale_margin[1] inactive->pending"])
        var high = low
        high.time = at(10)
        try high.set("level", .number(150))
        try high.set("updated", .number(at(10).seconds))
        #expect(engine.process(high).transitionSummary == ["stale_margin[1] pending->inactive"])
        // The old `for` timer (due at 30 s, when `now() - updated` reaches 20 s) belongs to a forgotten alert.
        #expect(engine.advance(to: at(100)).isEmpty)
        #expect(engine.alerts.isEmpty)
    }
}
