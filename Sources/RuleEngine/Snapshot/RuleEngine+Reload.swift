import RuleLanguage

extension RuleEngine {
    /// An engine running `ruleSet` that continues from this one: unchanged rules (same name and fingerprint) keep
    /// everything; changed rules on the same stream with the same `by` names keep their alerts' statuses (a firing
    /// alert does not fire again) with fresh memory; other changed rules start fresh; removed rules' pending and
    /// firing alerts end (the transitions are in `output`, with no notifications). Accounts, symbols, quotes, the
    /// clock and the rule counters carry over.
    ///
    /// Take this engine's `takeChangedKeys()` before, and save a full snapshot of the new engine after: key saves of
    /// the old rules would otherwise outlive them in the store.
    public func reloaded(
        with ruleSet: CompiledRuleSet
    ) -> (engine: RuleEngine, report: ReloadReport, output: EngineOutput) {
        foldThresholdCounts()
        let (engine, report, output) = Self.restoring(
            ruleSet: ruleSet, schema: schema, snapshot: snapshot(), indexesThresholds: indexesThresholds)
        let previous = Dictionary(runtimes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for runtime in engine.runtimes {
            guard let old = previous[runtime.name] else { continue }
            runtime.evaluations = old.evaluations
            runtime.firings = old.firings
            runtime.notifications = old.notifications
        }
        return (engine, report, output)
    }
}
