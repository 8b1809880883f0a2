import AlertModel
import RuleEngine
import RuleLanguage
import Testing

@Suite("Restoring an engine after a restart")
struct RestoreTests {
    let marginCall = """
        rule margin_call {
          on margin
          when level < 100%
          clear when level >= 120%
          for 30s
          by login
          renotify every 1h
          log "margin call {login} {level}%"
        }
        """

    let drawdown = """
        rule drawdown {
          on margin
          when drop(equity, 1h) >= 20%
          by login
          log "drawdown {login} {drop(equity, 1h):.0f}%"
        }
        """

    @Test("a pending `for` survives a restart and fires at its own deadline, even when that passed while down")
    func forTimerSurvives() throws {
        let ruleSet = try compileRules(marginCall)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        #expect(engine.process(try margin(at: 0, login: 1, level: 95)).transitionSummary.count == 1)
        engine.advance(to: at(10))
        let restored = try restarted(engine, ruleSet: ruleSet)
        #expect(restored.nextTimer == at(30))
        #expect(restored.alerts.map(\.status.state) == [.pending])
        // The service was down until 2 minutes: the deadline fires, stamped 30 s, as it would have without a stop.
        let fired = restored.advance(to: at(120))
        #expect(fired.transitionSummary == ["margin_call[1] pending->firing"])
        #expect(fired.transitions.first?.at == at(30))
        #expect(fired.notifications.map(\.id) == ["margin_call{login=1}@MT4/\(at(30).milliseconds)/1/0"])
    }

    @Test("the renotify clock survives: no early and no duplicate renotify, the same ids as without a restart")
    func renotifySurvives() throws {
        let ruleSet = try compileRules(marginCall)
        let uninterrupted = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        for running in [uninterrupted, engine] {
            running.process(try margin(at: 0, login: 1, level: 95))
            running.advance(to: at(30))
            running.advance(to: at(1800))
        }
        let restored = try restarted(engine, ruleSet: ruleSet)
        #expect(restored.advance(to: at(3629)).isEmpty, "the hour since the first notification has not passed")
        let renotified = restored.advance(to: at(3630))
        #expect(renotified.notifications.map(\.reason) == [.renotify])
        #expect(renotified.notifications.map(\.id) == uninterrupted.advance(to: at(3630)).notifications.map(\.id))
        #expect(restored.advance(to: at(3700)).isEmpty)
    }

    @Test("a 1-hour window keeps its pre-restart samples: the drop fires after the restart")
    func windowSurvives() throws {
        let ruleSet = try compileRules(drawdown)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try margin(at: 0, login: 5, level: 200, equity: 1000))
        engine.process(try margin(at: 600, login: 5, level: 200, equity: 950))
        let restored = try restarted(engine, ruleSet: ruleSet)
        let fired = restored.process(try margin(at: 1800, login: 5, level: 200, equity: 750))
        #expect(fired.texts == ["log: drawdown 5 25%"])
        // Without the saved samples the same event is the window's first and nothing fires.
        let fresh = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        #expect(fresh.process(try margin(at: 1800, login: 5, level: 200, equity: 750)).isEmpty)
    }

    @Test("accounts known before the restart are still known to trade rules after it")
    func relatedStateSurvives() throws {
        let ruleSet = try compileRules(
            """
            rule big_trade_low_margin {
              on trade opened
              when account.level < 150%
              log "{login} traded at {account.level}%"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.process(try margin(at: 0, login: 9, level: 120))
        let restored = try restarted(engine, ruleSet: ruleSet)
        let output = restored.process(
            try event(.trade, "opened", at: 5, ["order": .number(1), "login": .number(9), "volumeLots": .number(1)]))
        #expect(output.texts == ["log: 9 traded at 120%"])
    }

    @Test("a flood limit holds across a restart and its summary comes once, when due")
    func limiterSurvives() throws {
        let ruleSet = try compileRules(
            """
            rule opened {
              on trade opened
              by login
              limit 1 per 10m
              log "trade {order}"
            }
            """)
        func trade(_ order: Double, login: Double, at seconds: Double) throws -> TradingEvent {
            try event(
                .trade, "opened", at: seconds,
                ["order": .number(order), "login": .number(login), "volumeLots": .number(1)])
        }
        let uninterrupted = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        for running in [uninterrupted, engine] {
            #expect(running.process(try trade(1, login: 1, at: 0)).texts == ["log: trade 1"])
            #expect(running.process(try trade(2, login: 2, at: 10)).notifications.isEmpty)
        }
        let restored = try restarted(engine, ruleSet: ruleSet)
        #expect(restored.process(try trade(3, login: 3, at: 20)).notifications.isEmpty, "still limited")
        uninterrupted.process(try trade(3, login: 3, at: 20))
        #expect(restored.nextTimer == at(600))
        let summary = restored.advance(to: at(700))
        #expect(summary.notifications.map(\.reason) == [.summary])
        #expect(summary.texts.first?.contains("2 more notifications") == true)
        #expect(summary.notifications.map(\.id) == uninterrupted.advance(to: at(700)).notifications.map(\.id))
    }

    @Test("after a crash, the last full snapshot plus key saves neither re-sends under a new id nor forgets a `for`")
    func crashWithKeySaves() throws {
        let ruleSet = try compileRules(marginCall + "\n" + drawdown)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.tracksChangedKeys = true
        let uninterrupted = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        var keySaves: [KeyStateSnapshot] = []
        var sent: [String] = []
        func both(_ drive: (RuleEngine) throws -> EngineOutput) rethrows {
            let output = try drive(engine)
            _ = try drive(uninterrupted)
            sent += output.notifications.map(\.id)
            keySaves += engine.takeChangedKeys()
        }
        try both { $0.process(try margin(at: 0, login: 1, level: 200, equity: 1000)) }
        let fullSnapshot = engine.snapshot()
        try both { $0.process(try margin(at: 100, login: 1, level: 90, equity: 1000)) }
        both { $0.advance(to: at(130)) }
        try both { $0.process(try margin(at: 200, login: 1, level: 95, equity: 750)) }
        try both { $0.process(try margin(at: 250, login: 2, level: 80, equity: 1000)) }
        #expect(sent.count == 2, "the margin call and the drawdown (from a sample older than the key save) notified")
        #expect(
            keySaves.map(\.key.description).sorted() == [
                "drawdown{login=1}@MT4", "margin_call{login=1}@MT4", "margin_call{login=1}@MT4",
                "margin_call{login=2}@MT4",
            ])

        // Crash: only the full snapshot (taken before all of this) and the key saves survive.
        let restored = try restored(from: fullSnapshot, ruleSet: ruleSet, overlay: keySaves)
        #expect(restored.alerts.map(\.key.description) == uninterrupted.alerts.map(\.key.description))
        var after = EngineOutput()
        var expected = EngineOutput()
        for drive in [
            { (engine: RuleEngine) in engine.process(try margin(at: 300, login: 1, level: 94, equity: 700)) },
            { (engine: RuleEngine) in engine.advance(to: at(4000)) },
        ] {
            after.append(try drive(restored))
            expected.append(try drive(uninterrupted))
        }
        #expect(after.transitions == expected.transitions)
        #expect(after.notifications.map(\.id) == expected.notifications.map(\.id))
        #expect(
            after.transitionSummary.contains("margin_call[2] pending->firing"),
            "login 2's `for` began before the crash and ends after it")
        #expect(!after.notifications.contains { sent.contains($0.id) }, "nothing sent before is derived again")
        #expect(after.notifications.map(\.reason).contains(.renotify), "the renotify clock kept its first notification")
    }

    @Test("of several saves of one key the latest wins, whatever their order, and saves older than the snapshot lose")
    func overlayNewerWins() throws {
        let ruleSet = try compileRules(marginCall)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        engine.tracksChangedKeys = true
        engine.process(try margin(at: 0, login: 1, level: 90))
        let pending = engine.takeChangedKeys()
        engine.advance(to: at(30))
        let firing = engine.takeChangedKeys()
        #expect(pending.map(\.status.state) == [.pending] && firing.map(\.status.state) == [.firing])
        let fromSaves = try restored(from: nil, ruleSet: ruleSet, overlay: firing + pending)
        #expect(fromSaves.alerts.map(\.status.state) == [.firing])
        #expect(fromSaves.clock == at(30).milliseconds)

        engine.process(try margin(at: 40, login: 1, level: 130))
        let later = engine.snapshot()
        let (_, report, _) = RuleEngine.restoring(ruleSet: ruleSet, snapshot: later, overlay: firing)
        #expect(report.overlayKeysApplied == 0)
        #expect(try restored(from: later, ruleSet: ruleSet, overlay: firing).alerts.map(\.status.state) == [.resolved])
    }
}
