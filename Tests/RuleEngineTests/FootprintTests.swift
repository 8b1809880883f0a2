import AlertModel
import RuleEngine
import RuleLanguage
import Testing

/// What the engine keeps per alert stays small (a windowed rule holds an alert per account), without changing what
/// rules see.
@Suite("What alerts keep")
struct FootprintTests {
    @Test(
        "a rule reads related state when a condition, key or message names it or a field derived from it, and reads it on every event unless only messages do",
        arguments: [
            ("margin", "level < 50%", "{login}", false, false),
            ("margin", "level < 50%", "{account.name}", true, false),
            ("margin", "account.balance > 0", "{login}", true, true),
            ("trade opened", "notional > 1", "{login}", true, true),
            ("trade opened", "volume > 1", "{account.equity:money}", true, false),
            // A window in a message samples on every event: its value is evaluated then.
            ("trade opened", "volume > 1", "{avg(account.equity, 1h)}", true, true),
            ("trade opened", "account.equity > 1", "{avg(account.equity, 1h)}", true, true),
            ("margin", "level < prev(level)", "{prev(account.name)}", true, true),
            ("tick", "spreadPoints > 3", "{symbol}", true, true),
            ("tick", "spread > 1", "{symbol} {bid}", false, false),
        ])
    func readsRelated(
        stream: String, condition: String, message: String, expected: Bool, everyEvent: Bool
    ) throws {
        let ruleSet = try compileRules(
            """
            rule probe {
              on \(stream)
              when \(condition)
              log "\(message)"
            }
            """)
        #expect(ruleSet.rules[0].definition.readsRelated == expected)
        #expect(ruleSet.rules[0].definition.evaluationReadsRelated == everyEvent)
    }

    @Test("a message reads the related state of its own event when only messages read it")
    func messageReadsRelatedStateOfItsEvent() throws {
        let ruleSet = try compileRules(
            """
            rule large {
              on trade opened
              when volume >= 5
              log "{login} {volume} {account.name} {account.equity}"
            }
            rule small {
              on trade opened
              when volume < 5
              log "small {login}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try event(.user, "added", at: 0, ["login": .number(7), "name": .string("Ada")]))
        engine.process(try event(.user, "added", at: 0, ["login": .number(8), "name": .string("Bob")]))
        engine.process(try event(.margin, at: 1, ["login": .number(7), "equity": .number(1000)]))
        engine.process(try event(.margin, at: 1, ["login": .number(8), "equity": .number(2000)]))
        var logs: [String] = []
        for (login, volume) in [(7.0, 1.0), (8, 6), (7, 9), (8, 2)] {
            let output = engine.process(
                try event(.trade, "opened", at: 2, ["login": .number(login), "volumeLots": .number(volume)]))
            logs += output.notifications.compactMap {
                if case .log(let text) = $0.action { return text }
                return nil
            }
        }
        #expect(logs == ["small 7", "8 6 Bob 2000.00", "7 9 Ada 1000.00", "small 8"])
    }

    @Test("a timer renders the related state of the alert's last event for a rule that reads it")
    func timerRendersRelatedState() throws {
        let ruleSet = try compileRules(
            """
            rule held {
              on margin
              when level < 50%
              for 10s
              by login
              log "{login} {account.name}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try event(.user, "added", at: 0, ["login": .number(7), "name": .string("Ada")]))
        engine.process(try event(.margin, at: 1, ["login": .number(7), "level": .number(40)]))
        let output = engine.advance(to: at(12))
        #expect(output.notifications.map(\.action) == [.log(text: "7 Ada")])
    }

    @Test("an alert keyed by several values, one of them missing, is found again after a restart")
    func keyWithMissingPartSurvivesRestart() throws {
        let ruleSet = try compileRules(
            """
            rule low {
              on margin
              when level < 50%
              clear when level >= 120%
              by login, leverage, group
              log "{login} {group}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        let fired = engine.process(
            try event(.margin, at: 0, ["login": .number(7), "group": .string("real"), "level": .number(40)]))
        #expect(fired.transitions.map(\.to) == [.firing])
        let restored = try restarted(engine, ruleSet: ruleSet)
        let cleared = restored.process(
            try event(.margin, at: 5, ["login": .number(7), "group": .string("real"), "level": .number(130)]))
        #expect(cleared.transitions.map(\.to) == [.resolved])
        #expect(restored.alerts.allSatisfy { $0.status.state != .firing })
    }
}
