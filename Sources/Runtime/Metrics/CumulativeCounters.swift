import RuleEngine

/// Turns cumulative per-rule readings into increments, and keeps totals since the process started. Readings restart
/// when the engine is replaced by a reload: a count lower than the previous reading means a new engine, so the whole
/// reading is new work, never a negative increment.
struct CumulativeCounters: Sendable {
    private var previous: [String: RuleCounter] = [:]
    /// Per rule, everything counted since the process started, across reloads.
    private(set) var totals: [String: RuleCounter] = [:]

    /// The increments since the previous reading of each rule.
    mutating func increments(for readings: [RuleCounter]) -> [RuleCounter] {
        var result: [RuleCounter] = []
        for reading in readings {
            let last = previous[reading.name]
            let restarted =
                last.map {
                    reading.evaluations < $0.evaluations || reading.firings < $0.firings
                        || reading.notifications < $0.notifications
                } ?? true
            let base =
                restarted ? RuleCounter(name: reading.name, evaluations: 0, firings: 0, notifications: 0) : last!
            let delta = RuleCounter(
                name: reading.name, evaluations: reading.evaluations - base.evaluations,
                firings: reading.firings - base.firings, notifications: reading.notifications - base.notifications)
            previous[reading.name] = reading
            var total =
                totals[reading.name]
                ?? RuleCounter(name: reading.name, evaluations: 0, firings: 0, notifications: 0)
            total.evaluations += delta.evaluations
            total.firings += delta.firings
            total.notifications += delta.notifications
            totals[reading.name] = total
            result.append(delta)
        }
        return result
    }

    /// The engine was replaced: its next readings count from zero, even if they already exceed the old ones.
    mutating func engineReplaced() {
        previous = [:]
    }
}
