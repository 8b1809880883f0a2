extension RuleEngine {
    /// The engine's whole state now, to save; `restoring(ruleSet:snapshot:overlay:)` brings it back.
    public func snapshot() -> EngineSnapshot {
        EngineSnapshot(
            clock: clock, keyCreations: keyCreations, related: RelatedStateSnapshot(related),
            rules: runtimes.map { runtime in
                RuleSnapshot(
                    name: runtime.name, fingerprint: runtime.rule.fingerprint,
                    keys: runtime.keys.values.sorted { $0.creation < $1.creation }.map {
                        keySnapshot(runtime, $0, withLimiter: false)
                    },
                    limiter: runtime.limiter?.saved)
            })
    }

    /// The current state of every key the outputs since the last call touched (a transition or a notification),
    /// in the order first touched, then forgets them.
    ///
    /// Save these with the output that touched them (one store transaction): a crash then loses no alert status,
    /// so the restored engine neither re-sends a notification under a new id nor forgets a `for` that began. A key
    /// the engine dropped since (an inactive alert of a rule without memory) is reported with its final, inactive
    /// status, so a saved pending status is overwritten rather than left behind. Keys of rules with `limit` carry
    /// the rule's limiter too. Keys are tracked only while `tracksChangedKeys` is on.
    public func takeChangedKeys() -> [KeyStateSnapshot] {
        defer { clearChangedKeys() }
        return changedKeys.map { keySnapshot(runtimes[$0.rule], $0.state, withLimiter: true) }
    }

    func keySnapshot(_ runtime: RuleRuntime, _ state: KeyState, withLimiter: Bool) -> KeyStateSnapshot {
        KeyStateSnapshot(
            rule: runtime.name, fingerprint: runtime.rule.fingerprint,
            stream: runtime.rule.definition.stream.name, severity: runtime.severity, clock: clock,
            platform: state.entity.platform, parts: (0..<3).map { KeyPartSnapshot(state.entity[$0]) }, key: state.key,
            creation: state.creation, status: state.status, memory: KeyMemorySnapshot(state.memory),
            lastRecord: RecordSnapshot(state.lastRecord),
            lastRelated: state.lastRelated.map { $0.map(RecordSnapshot.init) },
            limiter: withLimiter ? runtime.limiter?.saved : nil)
    }
}
