/// Turns cumulative per-rule readings into increments, and keeps totals since the process started. Readings restart
/// when the engine is replaced by a reload: a count lower than the previous reading means a new engine, so the whole
/// reading is new work, never a negative increment.
struct CumulativeCounters: Sendable {
    private var previous: [String: RuleCounterReading] = [:]
    /// Per rule, everything counted since the process started, across reloads.
    private(set) var totals: [String: RuleCounterReading] = [:]

    /// The increments since the previous reading of each rule.
    mutating func increments(for readings: [RuleCounterReading]) -> [RuleCounterReading] {
        var result: [RuleCounterReading] = []
        for reading in readings {
            let last = previous[reading.rule]
            let restarted =
                last.map {
                    reading.evaluations < $0.evaluations || reading.firings < $0.firings
                        || reading.notifications < $0.notifications
                } ?? true
            let base =
                restarted ? RuleCounterReading(rule: reading.rule, evaluations: 0, firings: 0, notifications: 0) : last!
            let delta = RuleCounterReading(
                rule: reading.rule, evaluations: reading.evaluations - base.evaluations,
                firings: reading.firings - base.firings, notifications: reading.notifications - base.notifications)
            previous[reading.rule] = reading
            var total =
                totals[reading.rule]
                ?? RuleCounterReading(rule: reading.rule, evaluations: 0, firings: 0, notifications: 0)
            total.evaluations += delta.evaluations
            total.firings += delta.firings
            total.notifications += delta.notifications
            totals[reading.rule] = total
            result.append(delta)
        }
        return result
    }

    /// The engine was replaced: its next readings count from zero, even if they already exceed the old ones.
    mutating func engineReplaced() {
        previous = [:]
    }
}
