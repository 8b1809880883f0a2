/// How much one rule has done since the engine started: for metrics and the status page, so an operator can see a
/// rule that never matches, or one that fires all day.
public struct RuleCounter: Sendable, Hashable, Codable {
    public var name: String
    /// Times the rule's condition was evaluated for an alert key (on an event or a timer).
    public var evaluations: Int
    /// Transitions to firing.
    public var firings: Int
    /// Notifications produced, one per action (flood-limit summaries included, held-back ones not).
    public var notifications: Int

    public init(name: String, evaluations: Int, firings: Int, notifications: Int) {
        self.name = name
        self.evaluations = evaluations
        self.firings = firings
        self.notifications = notifications
    }
}

extension RuleEngine {
    /// Every rule's counters, in rule order; cumulative since engine start, carried over a reload by rule name.
    public var ruleCounters: [RuleCounter] {
        let grouped = groupEvaluations()
        return runtimes.map {
            RuleCounter(
                name: $0.name, evaluations: $0.evaluations + grouped[$0.index], firings: $0.firings,
                notifications: $0.notifications)
        }
    }
}
