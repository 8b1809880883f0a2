import AlertModel
import RuleLanguage

extension RuleEngine {
    /// An engine for `ruleSet` that continues from saved state: the full `snapshot` with the newer per-key saves of
    /// `overlay` (`takeChangedKeys()`) applied over it. Returns what carried over, and the transitions that end the
    /// alerts of rules removed or changed past matching (record them, then save a full snapshot).
    ///
    /// Timers are not saved; every key's next wake (`for` deadline, renotify, silence, window expiry) and each
    /// limiter's summary are recomputed. A deadline that passed while the service was down fires at the next
    /// `advance(to:)` or event, stamped with the deadline's own time, as an engine that never stopped would have; the
    /// conditions then see the last event before the stop.
    public static func restoring(
        ruleSet: CompiledRuleSet, schema: TradingSchema = .shared, snapshot: EngineSnapshot?,
        overlay: [KeyStateSnapshot] = [], indexesThresholds: Bool = true
    ) -> (engine: RuleEngine, report: RestoreReport, output: EngineOutput) {
        var report = RestoreReport()
        var saved = SavedState(snapshot: snapshot, overlay: overlay, report: &report)
        let engine = RuleEngine(
            ruleSet: ruleSet, schema: schema, startingAt: Timestamp(milliseconds: saved.clock),
            indexesThresholds: indexesThresholds)
        engine.keyCreations = saved.keyCreations
        if let snapshot {
            let dropped = snapshot.related.restore(into: engine.related, schema: schema)
            if dropped > 0 {
                report.problems.append("\(dropped) saved accounts, symbols or quotes did not fit this schema")
            }
        }
        var output = EngineOutput()
        for runtime in engine.runtimes {
            guard let rule = saved.rules.removeValue(forKey: runtime.name) else {
                report.newRules.append(runtime.name)
                continue
            }
            engine.adopt(rule, into: runtime, report: &report, output: &output)
        }
        for name in saved.rules.keys.sorted() {
            report.removedRules.append(name)
            for key in saved.rules[name]!.orderedKeys { engine.end(key, output: &output, report: &report) }
        }
        for runtime in engine.runtimes {
            for state in runtime.keys.values.sorted(by: { $0.creation < $1.creation }) {
                engine.scheduleWake(runtime, state)
            }
            if let due = runtime.limiter?.summaryDue {
                engine.timers.schedule(due: due, rule: runtime.index, state: nil)
            }
        }
        return (engine, report, output)
    }

    /// Puts one rule's saved keys into its runtime, as far as the rule still matches them.
    private func adopt(
        _ saved: SavedState.Rule, into runtime: RuleRuntime, report: inout RestoreReport, output: inout EngineOutput
    ) {
        let fingerprint = runtime.rule.fingerprint
        let stream = runtime.rule.definition.stream.name
        if saved.fingerprint == fingerprint {
            report.unchangedRules.append(runtime.name)
        } else if saved.stream == stream, saved.keyNames == runtime.keyNames {
            report.statusOnlyRules.append(runtime.name)
        } else {
            report.restartedRules.append(runtime.name)
        }
        if let limiter = saved.limiter, saved.limiterFingerprint == fingerprint, let current = runtime.limiter {
            runtime.limiter = FloodLimiter(count: current.count, period: current.period, restoring: limiter)
        }
        guard let layout = TradingStream(rawValue: stream).map(schema.layout) else { return }
        for key in saved.orderedKeys {
            let sameRule = key.fingerprint == fingerprint
            guard sameRule || (key.stream == stream && key.key.labels.map(\.name) == runtime.keyNames),
                key.lastRecord.fits(layout)
            else {
                if !key.lastRecord.fits(layout) {
                    report.problems.append("the last event of \(key.key) did not fit this schema; the alert ends")
                }
                end(key, output: &output, report: &report)
                continue
            }
            let memory = sameRule ? key.memory.memory(for: runtime.memoryLayout) : nil
            if sameRule, memory == nil {
                report.problems.append("the saved memory of \(key.key) did not fit the rule; it starts empty")
            }
            // A changed rule keeps where its alert stands, not what the old rule's windows held: its memory starts
            // empty (`restoring: nil`), and an inactive alert is not kept at all.
            if memory == nil, key.status.state == .inactive { continue }
            if key.status.state == .inactive, runtime.isStateless { continue }
            let state = KeyState(
                runtime: runtime, entity: key.entity, key: key.key, creation: key.creation, status: key.status,
                layout: runtime.memoryLayout, restoring: memory,
                record: key.lastRecord.record, related: related(key.lastRelated))
            remember(state, of: runtime)
            report.restoredKeys += 1
        }
    }

    /// The saved account, symbol and quote records of a key, each kept only if it fits this schema.
    private func related(_ saved: [RecordSnapshot?]) -> [Record?] {
        let layouts = [schema.accountLayout, schema.layout(.symbol), schema.layout(.tick)]
        return (0..<TradingSchema.namespaceCount).map { slot in
            guard slot < saved.count, slot < layouts.count, let record = saved[slot], record.fits(layouts[slot])
            else { return nil }
            return record.record
        }
    }

    /// Ends a saved alert the rule set no longer evaluates: pending becomes inactive, firing resolves. No
    /// notification: nothing about the account changed, only the rules.
    func end(_ key: KeyStateSnapshot, output: inout EngineOutput, report: inout RestoreReport) {
        let to: AlertState
        switch key.status.state {
        case .pending: to = .inactive
        case .firing: to = .resolved
        case .inactive, .resolved: return
        }
        output.transitions.append(
            AlertTransition(
                key: key.key, from: key.status.state, to: to, at: Timestamp(milliseconds: clock),
                severity: key.severity, evidence: nil))
        report.endedAlerts.append(key.key)
    }
}
