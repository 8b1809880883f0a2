import AlertModel
import RuleEngine
import RuleLanguage
import Testing

@Suite("The rule engine")
struct RuleEngineTests {
    let marginCall = """
        rule margin_call {
          on margin
          where group matches ["real-*", "ecn-*"]
          when level < 100%
          clear when level >= 120%
          for 30s
          severity critical
          mail client subject "Margin call" body "Level {level:.1f}%"
          webhook risk_desk "Margin call {login} ({group}): {level:.1f}%, equity {equity:money}"
          on resolve webhook risk_desk "Cleared {login}: {level:.1f}%"
        }
        """

    @Test("a margin call waits for its hold time, fires from the timer, and clears only above the clear level")
    func marginCallLifecycle() throws {
        let engine = RuleEngine(ruleSet: try compileRules(marginCall), startingAt: epoch)
        #expect(
            engine.process(try margin(at: 0, login: 1001, level: 95)).transitionSummary == [
                "margin_call[1001] inactive->pending"
            ])
        #expect(engine.process(try margin(at: 29, login: 1001, level: 94)).isEmpty)
        let fired = engine.advance(to: at(30))
        #expect(fired.transitionSummary == ["margin_call[1001] pending->firing"])
        #expect(fired.transitions.first?.at == at(30))
        #expect(
            fired.texts == [
                "mail: Margin call / Level 94.0%", "risk_desk: Margin call 1001 (real-A): 94.0%, equity 1,000.00",
            ])
        guard case .mail(.logins(let logins), _, _)? = fired.notifications.first?.action else {
            Issue.record("the first notification is not a mail to logins")
            return
        }
        #expect(logins == [1001])
        #expect(engine.process(try margin(at: 60, login: 1001, level: 110)).isEmpty)
        let resolved = engine.process(try margin(at: 61, login: 1001, level: 121))
        #expect(resolved.transitionSummary == ["margin_call[1001] firing->resolved"])
        #expect(resolved.texts == ["risk_desk: Cleared 1001: 121.0%"])
        #expect(engine.alerts.map(\.status.state) == [.resolved])
    }

    @Test("messages name their own rule and severity, whichever rules an event evaluated before them")
    func ruleAndSeverityInMessages() throws {
        let engine = RuleEngine(
            ruleSet: try compileRules(
                """
                rule low_level {
                  on margin
                  when level < 100%
                  by login
                  severity critical
                  log "{rule} {severity} {login}"
                }
                rule quiet_other {
                  on margin
                  when level < 10%
                  by login
                  severity info
                  log "{rule} {severity} {login}"
                }
                rule also_low {
                  on margin
                  when level < 90%
                  by login
                  log "{rule} {severity} {login}"
                }
                """), startingAt: epoch)
        #expect(
            engine.process(try margin(at: 0, login: 7, level: 50)).texts == [
                "log: low_level critical 7", "log: also_low warning 7",
            ])
    }

    @Test("an account that changes group meets its new group's rules, and an update without a group the rules for none")
    func accountChangesGroup() throws {
        let engine = RuleEngine(
            ruleSet: try compileRules(
                """
                rule in_a {
                  on margin
                  where group == "a"
                  when level < 100%
                  by login
                  log "a {login}"
                }
                rule in_b {
                  on margin
                  where group == "b"
                  when level < 100%
                  by login
                  log "b {login}"
                }
                rule in_none {
                  on margin
                  where group == ""
                  when level < 100%
                  by login
                  log "none {login}"
                }
                """), startingAt: epoch)
        // The same account, first in group a (twice, so its candidate list is noted on it), then in b, then without
        // a group, then in a again.
        #expect(engine.process(try margin(at: 0, login: 3, level: 200, group: "a")).isEmpty)
        #expect(engine.process(try margin(at: 1, login: 3, level: 90, group: "a")).texts == ["log: a 3"])
        #expect(engine.process(try margin(at: 2, login: 3, level: 80, group: "b")).texts == ["log: b 3"])
        var noGroup = try margin(at: 3, login: 3, level: 70)
        try noGroup.set("group", .string(""))
        #expect(engine.process(noGroup).texts == ["log: none 3"])
        #expect(engine.process(try margin(at: 4, login: 3, level: 60, group: "a")).isEmpty)
        #expect(
            engine.alerts.map { "\($0.key.rule) \($0.status.state)" }.sorted() == [
                "in_a firing", "in_b firing", "in_none firing",
            ])
    }

    @Test("where clauses over the group keep demo accounts out")
    func whereFilters() throws {
        let engine = RuleEngine(ruleSet: try compileRules(marginCall), startingAt: epoch)
        #expect(engine.process(try margin(at: 0, login: 2001, level: 10, group: "demo-usd")).isEmpty)
        #expect(
            engine.process(try margin(at: 0, login: 2002, level: 10, group: "ECN-pro")).transitionSummary.count == 1)
    }

    @Test("the evidence of a firing names the rule file's hash and the values that decided it")
    func evidence() throws {
        let ruleSet = try compileRules(marginCall)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try margin(at: 0, login: 1001, level: 95))
        let evidence = try #require(engine.advance(to: at(31)).transitions.first?.evidence)
        #expect(evidence.ruleFile == "test.rules")
        #expect(evidence.ruleHash == ruleSet.fileHashes["test.rules"])
        #expect(evidence.inputs == [Evidence.Input(expression: "level", value: "95")])
    }

    @Test("renotify repeats while firing, driven by the clock alone")
    func renotify() throws {
        let rules = try compileRules(
            """
            rule low {
              on margin
              when level < 50%
              renotify every 1h
              log "low {login} {level}%"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        #expect(engine.process(try margin(at: 0, login: 7, level: 40)).texts == ["log: low 7 40%"])
        #expect(engine.advance(to: at(3599)).isEmpty)
        let again = engine.advance(to: at(7300))
        #expect(again.notifications.map(\.reason) == [.renotify, .renotify])
        #expect(again.notifications.map(\.time) == [at(3600), at(7200)])
    }

    @Test("a trade rule fires and resolves on its event, keeping no state")
    func momentaryTrades() throws {
        let rules = try compileRules(
            """
            rule large_trade {
              on trade opened
              when volume >= 50 or (symbol in ["XAUUSD", "XAGUSD"] and volume >= 10)
              webhook risk_desk "Large trade #{order}: {login} {side} {volume} lots {symbol} @ {openPrice}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        let trade = try event(
            .trade, "opened", at: 1,
            [
                "order": .number(555), "login": .number(1005), "symbol": .string("XAUUSD"), "cmd": .number(1),
                "volumeLots": .number(12), "openPrice": .number(2311.5),
            ])
        let output = engine.process(trade)
        #expect(output.transitionSummary == ["large_trade[555] inactive->firing", "large_trade[555] firing->resolved"])
        #expect(output.texts == ["risk_desk: Large trade #555: 1005 sell 12 lots XAUUSD @ 2311.5"])
        #expect(engine.alerts.isEmpty)
        var small = trade
        try small.set("volumeLots", .number(1))
        #expect(engine.process(small).isEmpty)
        var closed = TradingEvent(stream: .trade, kind: "closed", platform: "MT4", time: at(2), record: trade.record)
        try closed.set("order", .number(556))
        #expect(engine.process(closed).isEmpty, "the rule listens to opened trades only")
    }

    @Test("silence fires from the clock when a symbol stops quoting, and clears on the next tick")
    func silence() throws {
        let rules = try compileRules(
            """
            rule stale_quotes {
              on tick
              when silence >= 30s
              news topic "Quotes delayed: {symbol}" body "No update for {symbol} since {lastTime}." category "Risk"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        let tick = try event(
            .tick, at: 0,
            [
                "symbol": .string("EURUSD"), "bid": .number(1.1), "ask": .number(1.1002),
                "lastTime": .number(at(0).seconds),
            ])
        engine.process(tick)
        #expect(engine.advance(to: at(29.999)).isEmpty)
        let fired = engine.advance(to: at(40))
        #expect(fired.transitionSummary == ["stale_quotes[EURUSD] inactive->firing"])
        #expect(fired.texts == ["news: Quotes delayed: EURUSD / No update for EURUSD since 2026-01-05 00:00:00 UTC."])
        var next = tick
        next.time = at(41)
        next.record.numbers[0] = at(41).seconds
        #expect(engine.process(next).transitionSummary == ["stale_quotes[EURUSD] firing->resolved"])
    }

    @Test("a window rule fires on the drawdown from the window's high and resolves when the high expires")
    func drawdownWindow() throws {
        let rules = try compileRules(
            """
            rule equity_drawdown {
              on margin
              when drop(equity, 1h) >= 30%
              webhook risk_desk "{login} equity down {drop(equity, 1h):.0f}% within an hour"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        engine.process(try margin(at: 0, login: 1, level: 500, equity: 10_000))
        engine.process(try margin(at: 600, login: 1, level: 500, equity: 8_000))
        let fired = engine.process(try margin(at: 1200, login: 1, level: 500, equity: 6_500))
        #expect(fired.texts == ["risk_desk: 1 equity down 35% within an hour"])
        // At 3600 s the 10,000 high is still inside [now-1h, now]; just after it leaves, the high is 8,000: drop 18.75%.
        #expect(engine.advance(to: at(3600)).isEmpty)
        let resolved = engine.advance(to: at(3601))
        #expect(resolved.transitionSummary == ["equity_drawdown[1] firing->resolved"])
        #expect(resolved.transitions.first?.at == at(3600.001))
    }

    @Test("count windows per login make a burst alert that expires with its window")
    func burst() throws {
        let rules = try compileRules(
            """
            rule trade_burst {
              on trade opened
              when count(1m) >= 3
              by login
              webhook risk_desk "{login} opened {count(1m)} trades in a minute"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        var outputs: [EngineOutput] = []
        for (index, second) in [0.0, 10, 20, 25].enumerated() {
            outputs.append(
                engine.process(
                    try event(
                        .trade, "opened", at: second,
                        ["order": .number(Double(100 + index)), "login": .number(9), "volumeLots": .number(1)])))
        }
        #expect(outputs.map(\.texts) == [[], [], ["risk_desk: 9 opened 3 trades in a minute"], []])
        #expect(engine.alerts.map(\.status.state) == [.firing])
        // The sample at 0 s leaves at 60 s (3 remain: still firing); the one at 10 s leaves just after 70 s.
        #expect(engine.advance(to: at(70)).isEmpty)
        #expect(engine.advance(to: at(71)).transitionSummary == ["trade_burst[9] firing->resolved"])
    }

    @Test("trade rules read the account's latest margin state and the symbol's settings")
    func relatedState() throws {
        let rules = try compileRules(
            """
            rule trade_in_margin_call {
              on trade opened
              when account.level < 150% and notional > 1000000
              log "{login} opened {volume} {symbol} at level {account.level}% in {account.group}, notional {notional:money}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        engine.process(
            try event(
                .symbol, "updated", at: 0,
                ["symbol": .string("XAUUSD"), "contractSize": .number(100), "digits": .number(2)]))
        engine.process(try margin(at: 0, login: 3, level: 120))
        let trade: [String: TradingEvent.Value] = [
            "order": .number(1), "login": .number(3), "symbol": .string("XAUUSD"), "cmd": .number(0),
            "volumeLots": .number(5), "openPrice": .number(2400),
        ]
        #expect(
            engine.process(try event(.trade, "opened", at: 1, trade)).texts == [
                "log: 3 opened 5 XAUUSD at level 120% in real-A, notional 1,200,000.00"
            ])
        engine.process(try margin(at: 2, login: 3, level: 300))
        #expect(engine.process(try event(.trade, "opened", at: 3, trade.merging(["order": .number(2)]) { $1 })).isEmpty)
    }

    @Test("limit holds back notifications over the limit and summarises them when the period ends")
    func floodLimit() throws {
        let rules = try compileRules(
            """
            rule big {
              on trade opened
              when volume >= 1
              limit 2 per 1m
              webhook risk_desk "trade {order}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        var texts: [String] = []
        for order in 1...5 {
            texts +=
                engine.process(
                    try event(
                        .trade, "opened", at: Double(order),
                        ["order": .number(Double(order)), "login": .number(1), "volumeLots": .number(1)])
                ).texts
        }
        #expect(texts == ["risk_desk: trade 1", "risk_desk: trade 2"])
        let summary = engine.advance(to: at(61))
        #expect(summary.notifications.map(\.reason) == [.summary])
        #expect(summary.texts.first?.contains("3 more notifications held back by 'limit 2 per 1m'") == true)
        #expect(summary.texts.first?.contains("big{order=3}@MT4") == true)
    }

    @Test("outside its active hours a rule does not evaluate")
    func schedule() throws {
        let rules = try compileRules(
            """
            rule desk_hours {
              on margin
              when level < 100%
              active during mon-fri 08:00-22:00 UTC
              log "{login}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        #expect(engine.process(try margin(at: 7 * 3600, login: 1, level: 50)).isEmpty)
        #expect(engine.process(try margin(at: 9 * 3600, login: 1, level: 50)).texts == ["log: 1"])
    }

    @Test("prev compares with the key's previous event, and step re-alerts as the level worsens")
    func prevAndStep() throws {
        let rules = try compileRules(
            """
            rule falling {
              on margin
              when level < 100% and level < prev(level)
              clear when level >= 100%
              step 10%
              log "{login} {level}% (was {prev(level)}%)"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        #expect(engine.process(try margin(at: 0, login: 1, level: 99)).isEmpty, "no previous level yet")
        #expect(engine.process(try margin(at: 1, login: 1, level: 95)).texts == ["log: 1 95% (was 99%)"])
        #expect(engine.process(try margin(at: 2, login: 1, level: 90)).isEmpty)
        #expect(engine.process(try margin(at: 3, login: 1, level: 84)).texts == ["log: 1 84% (was 90%)"])
        #expect(
            engine.process(try margin(at: 4, login: 1, level: 101)).transitionSummary == ["falling[1] firing->resolved"]
        )
    }

    @Test("shadow rules mark their notifications so delivery records them and sends nothing")
    func shadow() throws {
        let rules = try compileRules("rule s {\n on margin\n when level < 100%\n shadow\n webhook desk \"x\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        #expect(engine.process(try margin(at: 0, login: 1, level: 50)).notifications.map(\.shadow) == [true])
    }

    @Test("alerts on different platforms are different alerts")
    func platforms() throws {
        let rules = try compileRules(
            "rule low {\n on margin\n platform \"Live\"\n when level < 100%\n log \"{login}@{platform}\"\n}")
        let engine = RuleEngine(ruleSet: rules, startingAt: epoch)
        var live = try margin(at: 0, login: 1, level: 50)
        live.record.strings[0] = "Live"
        #expect(engine.process(live).texts == ["log: 1@Live"])
        #expect(engine.process(try margin(at: 1, login: 1, level: 50)).isEmpty, "the rule is scoped to Live")
        #expect(engine.alerts.map(\.key.platform) == ["Live"])
    }
}
