/// A full snapshot with newer per-key saves applied over it: what `RuleEngine.restoring` adopts, rule by rule.
struct SavedState {
    struct Rule {
        var fingerprint: String?
        var stream: String?
        var keyNames: [String]?
        var keys: [EntityKey: KeyStateSnapshot] = [:]
        var limiter: FloodLimiterSnapshot?
        var limiterFingerprint: String?
        var limiterClock = Int64.min

        var orderedKeys: [KeyStateSnapshot] {
            keys.values.sorted { $0.creation < $1.creation }
        }
    }

    var rules: [String: Rule] = [:]
    var clock: Int64
    var keyCreations: Int

    /// Key saves older than the snapshot are ignored (the snapshot already holds what followed them); of two saves of
    /// one key, the later clock wins.
    init(snapshot: EngineSnapshot?, overlay: [KeyStateSnapshot], report: inout RestoreReport) {
        let base = snapshot?.clock ?? .min
        clock = snapshot?.clock ?? 0
        keyCreations = snapshot?.keyCreations ?? 0
        for saved in snapshot?.rules ?? [] {
            var rule = Rule(fingerprint: saved.fingerprint)
            rule.limiter = saved.limiter
            rule.limiterFingerprint = saved.fingerprint
            rule.limiterClock = base
            for key in saved.keys {
                rule.stream = key.stream
                rule.keyNames = key.key.labels.map(\.name)
                rule.keys[key.entity] = key
                keyCreations = max(keyCreations, key.creation)
            }
            rules[saved.name] = rule
        }
        for key in overlay where key.clock >= base {
            var rule = rules[key.rule] ?? Rule(fingerprint: key.fingerprint)
            if let existing = rule.keys[key.entity], existing.clock > key.clock { continue }
            if rule.stream == nil || rule.fingerprint == key.fingerprint {
                rule.stream = key.stream
                rule.keyNames = key.key.labels.map(\.name)
            }
            rule.keys[key.entity] = key
            if let limiter = key.limiter, key.clock >= rule.limiterClock {
                rule.limiter = limiter
                rule.limiterFingerprint = key.fingerprint
                rule.limiterClock = key.clock
            }
            rules[key.rule] = rule
            clock = max(clock, key.clock)
            keyCreations = max(keyCreations, key.creation)
            report.overlayKeysApplied += 1
        }
    }
}
