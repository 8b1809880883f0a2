import AlertModel
import RuleEngine
import RuleLanguage
import Testing

@Suite("Reloading rules")
struct ReloadTests {
    static let drawdown = """
        rule drawdown {
          on margin
          when drop(equity, 1h) >= 20%
          by login
          log "drawdown {login}"
        }
        """
    static let marginCall = """
        rule margin_call {
          on margin
          when level < 100%
          by login
          log "margin call {login}"
        }
        """
    static let removed = """
        rule gone {
          on margin
          when level < 150%
          by login
          log "gone {login}"
        }
        """

    func firingEngine(_ source: String) throws -> RuleEngine {
        let engine = RuleEngine(ruleSet: try compileRules(source), startingAt: epoch)
        engine.process(try margin(at: 0, login: 1, level: 90, equity: 1000))
        engine.process(try margin(at: 60, login: 1, level: 90, equity: 700))
        #expect(!engine.alerts.isEmpty && engine.alerts.allSatisfy { $0.status.state == .firing })
        return engine
    }

    @Test("an unchanged rule keeps its alerts and its window; a changed one keeps its alerts but not its memory")
    func unchangedAndChanged() throws {
        let engine = try firingEngine(Self.drawdown + "\n" + Self.marginCall)
        let changed = Self.marginCall.replacingOccurrences(of: "level < 100%", with: "level < 95%")
        let (reloaded, report, output) = engine.reloaded(with: try compileRules(Self.drawdown + "\n" + changed))
        #expect(output.isEmpty)
        #expect(report.unchangedRules == ["drawdown"] && report.statusOnlyRules == ["margin_call"])
        #expect(reloaded.alerts.map(\.status.state) == [.firing, .firing])
        let snapshot = reloaded.snapshot()
        let samples = snapshot.rules.map { $0.keys.map { $0.memory.windows.map(\.samples.count) } }
        #expect(samples == [[[2]], [[]]])
        #expect(reloaded.clock == engine.clock)
        // Neither fires again: both were firing before the reload and still hold.
        #expect(reloaded.process(try margin(at: 120, login: 1, level: 90, equity: 690)).isEmpty)
    }

    @Test("a changed rule whose `by` or stream changed starts fresh, and its old alerts end without notifications")
    func incompatibleChange() throws {
        let engine = try firingEngine(Self.drawdown + "\n" + Self.marginCall)
        let changed = Self.marginCall.replacingOccurrences(of: "by login", with: "by login, group")
        let (reloaded, report, output) = engine.reloaded(with: try compileRules(Self.drawdown + "\n" + changed))
        #expect(report.restartedRules == ["margin_call"])
        #expect(output.transitionSummary == ["margin_call[1] firing->resolved"])
        #expect(output.notifications.isEmpty)
        #expect(reloaded.alerts.map(\.key.rule) == ["drawdown"])
    }

    @Test("a removed rule's firing and pending alerts end; its notifications do not go out again")
    func removedRule() throws {
        let engine = RuleEngine(
            ruleSet: try compileRules(
                Self.marginCall + "\n" + Self.removed.replacingOccurrences(of: "by login", with: "by login\n  for 1m")),
            startingAt: epoch)
        engine.process(try margin(at: 0, login: 1, level: 90))
        engine.process(try margin(at: 1, login: 2, level: 120))
        engine.advance(to: at(61))
        engine.process(try margin(at: 62, login: 3, level: 120))
        let (reloaded, report, output) = engine.reloaded(with: try compileRules(Self.marginCall))
        #expect(report.removedRules == ["gone"])
        #expect(
            Set(output.transitionSummary) == [
                "gone[1] firing->resolved", "gone[2] firing->resolved", "gone[3] pending->inactive",
            ])
        #expect(output.transitions.allSatisfy { $0.at == at(62) })
        #expect(output.notifications.isEmpty)
        #expect(reloaded.alerts.map(\.key.rule) == ["margin_call"])
        #expect(reloaded.advance(to: at(4000)).isEmpty)
    }

    @Test("a new rule starts fresh and the counters of kept rules carry over")
    func newRuleAndCounters() throws {
        let engine = try firingEngine(Self.marginCall)
        #expect(engine.ruleCounters == [RuleCounter(name: "margin_call", evaluations: 2, firings: 1, notifications: 1)])
        let (reloaded, report, _) = engine.reloaded(with: try compileRules(Self.marginCall + "\n" + Self.drawdown))
        #expect(report.newRules == ["drawdown"] && report.unchangedRules == ["margin_call"])
        #expect(
            reloaded.ruleCounters.map(\.name) == ["margin_call", "drawdown"]
                && reloaded.ruleCounters.first?.evaluations == 2)
    }

    @Test("fingerprints change with the rule's text or a constant, not with other rules")
    func fingerprints() throws {
        func fingerprints(_ source: String) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try compileRules(source).rules.map { ($0.name, $0.fingerprint) })
        }
        let constant = "let limit_level = 100%\n"
        let usesConstant = Self.marginCall.replacingOccurrences(of: "100%", with: "limit_level")
        let base = try fingerprints(constant + usesConstant + "\n" + Self.drawdown)
        #expect(base.values.allSatisfy { $0.count == 16 })
        #expect(try fingerprints(constant + usesConstant + "\n" + Self.drawdown) == base)
        let otherRuleChanged = try fingerprints(
            constant + usesConstant + "\n" + Self.drawdown.replacingOccurrences(of: "20%", with: "25%"))
        #expect(otherRuleChanged["margin_call"] == base["margin_call"])
        #expect(otherRuleChanged["drawdown"] != base["drawdown"])
        let constantChanged = try fingerprints("let limit_level = 90%\n" + usesConstant + "\n" + Self.drawdown)
        #expect(constantChanged["margin_call"] != base["margin_call"])
    }
}
