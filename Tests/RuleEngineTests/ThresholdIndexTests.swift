import AlertModel
import Foundation
import RuleEngine
import RuleLanguage
import Testing

/// Threshold groups find the rules an event can start an alert for by binary search; they must change nothing else.
@Suite("Threshold indexing")
struct ThresholdIndexTests {
    static let rules = """
        rule below_100 {
          on margin
          where group matches ["real-*"]
          when level < 100%
          clear when level >= 120%
          for 20s
          renotify every 10m
          step 10%
          log "{login} {level:.1f}%"
          on resolve log "cleared {login}"
        }
        rule at_or_below_80 {
          on margin
          where group matches ["real-*"]
          when level <= 80% and margin > 0
          by login
          log "{login} at {level:.1f}%"
        }
        rule flipped_50 {
          on margin
          where group matches ["real-*"]
          when 50% > level
          clear when level >= 70%
          log "{login} under 50"
        }
        rule above_150 {
          on margin
          when level > 150%
          log "{login} healthy"
        }
        rule at_or_above_140 {
          on margin
          when level >= 140%
          clear when level < 130%
          log "{login} comfortable"
        }
        rule leveraged {
          on margin
          where leverage > 200
          when level < 90%
          log "{login} leveraged"
        }
        rule by_login_and_group {
          on margin
          when level < 95%
          by login, group
          log "{login} {group}"
        }
        rule equity_floor {
          on margin
          when equity < 600
          clear when equity >= 700
          log "{login} equity {equity}"
        }
        rule equity_floor_2 {
          on margin
          when equity <= 550
          log "{login} equity {equity}"
        }
        rule scheduled {
          on margin
          when level < 100%
          active during mon-fri 08:00-18:00 UTC
          log "{login} in hours"
        }
        rule big_trade {
          on trade opened
          when volumeLots >= 3
          log "#{order} {volumeLots}"
        }
        rule bigger_trade {
          on trade opened
          when volumeLots > 4
          log "#{order} {volumeLots} big"
        }
        """

    static func events(seed: UInt64, count: Int) throws -> [TradingEvent] {
        var random = DeterminismTests.SplitMix64(state: seed)
        var levels = (0..<30).map { _ in 60 + random.uniform() * 120 }
        var events: [TradingEvent] = []
        var time = 0.0
        for index in 0..<count {
            time += random.uniform() * 4
            let account = Int(random.next() % 30)
            if random.next() % 5 == 0 {
                events.append(
                    try event(
                        .trade, "opened", at: time,
                        [
                            "order": .number(Double(index)), "login": .number(Double(1000 + account)),
                            "volumeLots": .number(Double(random.next() % 7)),
                        ]))
                continue
            }
            levels[account] = max(20, min(200, levels[account] + (random.uniform() - 0.5) * 30))
            var fields: [String: TradingEvent.Value] = [
                "login": .number(Double(1000 + account)), "group": .string(account % 3 == 0 ? "demo" : "real-A"),
                "leverage": .number(account % 2 == 0 ? 100 : 500), "equity": .number(levels[account] * 5),
                "margin": .number(account % 7 == 0 ? 0 : 500),
            ]
            // Now and then a level is missing: no threshold holds for NaN.
            if random.next() % 40 != 0 { fields["level"] = .number(levels[account]) }
            events.append(try event(.margin, at: time, fields))
        }
        return events
    }

    struct Output: Codable, Equatable {
        var transitions: [AlertTransition]
        var notifications: [AlertNotification]
        var counters: [RuleCounter]
    }

    func run(indexed: Bool, seed: UInt64, restartEvery: Int? = nil) throws -> Output {
        let ruleSet = try compileRules(Self.rules)
        var engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch, indexesThresholds: indexed)
        var output = EngineOutput()
        let events = try Self.events(seed: seed, count: 4000)
        for (index, event) in events.enumerated() {
            if let restartEvery, index > 0, index % restartEvery == 0 {
                engine = try restarted(engine, ruleSet: ruleSet)
            }
            output.append(engine.process(event))
        }
        output.append(engine.advance(to: at(events.last!.time.seconds - epoch.seconds + 3600)))
        return Output(
            transitions: output.transitions, notifications: output.notifications, counters: engine.ruleCounters)
    }

    @Test(
        "with threshold groups the engine gives the same transitions, notifications and counters as evaluating every rule",
        arguments: [1, 2, 3] as [UInt64])
    func sameAsScanningEveryRule(seed: UInt64) throws {
        let scanned = try run(indexed: false, seed: seed)
        let indexed = try run(indexed: true, seed: seed)
        #expect(scanned.transitions.count > 100, "the workload exercises the rules")
        #expect(Set(scanned.notifications.map(\.key.rule)).count >= 10, "most rules fire")
        #expect(indexed.transitions.count == scanned.transitions.count)
        #expect(zip(indexed.transitions, scanned.transitions).first { $0 != $1 } == nil)
        #expect(indexed.notifications.map(\.id) == scanned.notifications.map(\.id))
        #expect(indexed.counters == scanned.counters)
    }

    @Test("alerts restored after a restart are found by the threshold groups, so they clear as without restarts")
    func restartsKeepTheLiveAlerts() throws {
        let uninterrupted = try run(indexed: false, seed: 4)
        let restarted = try run(indexed: true, seed: 4, restartEvery: 700)
        #expect(zip(restarted.transitions, uninterrupted.transitions).first { $0 != $1 } == nil)
        #expect(restarted.transitions.count == uninterrupted.transitions.count)
        #expect(restarted.notifications.map(\.id) == uninterrupted.notifications.map(\.id))
    }

    @Test(
        "a value exactly at a threshold, just either side of it, or missing selects the rules their comparisons say",
        arguments: [80, 79.5, 80.5, 120, 119.5, 120.5, .nan] as [Double])
    func boundaries(level: Double) throws {
        let comparisons = [
            ("lt", "< 80%"), ("le", "<= 80%"), ("gt", "> 120%"), ("ge", ">= 120%"), ("lt2", "< 120%"),
            ("ge2", ">= 80%"),
        ]
        let ruleSet = try compileRules(
            comparisons.map { "rule \($0.0) {\n  on margin\n  when level \($0.1)\n  log \"x\"\n}\n" }.joined())
        var fired: [[String]] = []
        for indexed in [false, true] {
            let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch, indexesThresholds: indexed)
            let output = engine.process(try event(.margin, at: 1, ["login": .number(1), "level": .number(level)]))
            fired.append(output.transitions.filter { $0.to == .firing }.map(\.key.rule))
        }
        let expected = [
            ("lt", level < 80), ("le", level <= 80), ("gt", level > 120), ("ge", level >= 120), ("lt2", level < 120),
            ("ge2", level >= 80),
        ].filter(\.1).map(\.0)
        #expect(fired[0] == expected)
        #expect(fired[1] == expected)
    }

    @Test("rule counters carry the evaluations threshold groups decided over a reload")
    func countersCarryOverAReload() throws {
        let ruleSet = try compileRules(Self.rules)
        let events = try Self.events(seed: 5, count: 2000)
        // Both reload at the same event: a reload recomputes timers, which may evaluate at other moments than the
        // engine before it, so only the two reloaded engines are comparable.
        var scanned = RuleEngine(ruleSet: ruleSet, startingAt: epoch, indexesThresholds: false)
        var indexed = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        for (index, event) in events.enumerated() {
            if index == 1000 {
                scanned = scanned.reloaded(with: ruleSet).engine
                indexed = indexed.reloaded(with: ruleSet).engine
            }
            scanned.process(event)
            indexed.process(event)
        }
        #expect(indexed.ruleCounters == scanned.ruleCounters)
        #expect(indexed.ruleCounters.first { $0.name == "below_100" }.map(\.evaluations) ?? 0 > 1000)
    }

    /// What happens to account 7 between its alert firing and the update that clears it.
    enum Interlude: String, CaseIterable {
        case nothing
        case healthyUpdates
        case deletedAndAddedAgain
        case restart
    }

    @Test(
        "an account's alert keyed by login clears at its next healthy update, whatever came between",
        arguments: Interlude.allCases)
    func accountAlertClears(interlude: Interlude) throws {
        let ruleSet = try compileRules(
            """
            rule low {
              on margin
              when level < 50%
              by login
              log "{login} low"
            }
            rule lower {
              on margin
              when level < 30%
              by login
              log "{login} lower"
            }
            """)
        var engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        // Another account's alert, then account 7 healthy: 7 is then known to have no live alert, and must not stay
        // known so once one fires.
        engine.process(try event(.margin, at: 0, ["login": .number(8), "level": .number(20)]))
        engine.process(try event(.margin, at: 0, ["login": .number(7), "level": .number(200)]))
        let fired = engine.process(try event(.margin, at: 1, ["login": .number(7), "level": .number(40)]))
        #expect(fired.transitionSummary == ["low[7] inactive->firing"])
        switch interlude {
        case .nothing:
            break
        case .healthyUpdates:
            engine.process(try event(.margin, at: 2, ["login": .number(9), "level": .number(300)]))
        case .deletedAndAddedAgain:
            engine.process(try event(.user, "deleted", at: 2, ["login": .number(7)]))
            engine.process(try event(.user, "added", at: 3, ["login": .number(7)]))
        case .restart:
            engine = try restarted(engine, ruleSet: ruleSet)
        }
        let cleared = engine.process(try event(.margin, at: 5, ["login": .number(7), "level": .number(120)]))
        #expect(cleared.transitionSummary == ["low[7] firing->resolved"])
        #expect(
            engine.alerts.filter { $0.status.state == .firing }.map(\.key.description) == [
                "low{login=8}@MT4", "lower{login=8}@MT4",
            ])
    }
}
