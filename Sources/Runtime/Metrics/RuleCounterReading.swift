/// One rule's counts as the engine reports them: cumulative since that engine started, so a reload (a new engine)
/// starts them again from zero.
public struct RuleCounterReading: Sendable, Hashable, Codable {
    public var rule: String
    /// Times its conditions were evaluated (events and timers).
    public var evaluations: Int
    /// Times one of its alerts started firing.
    public var firings: Int
    /// Notifications it produced (every action of every firing, renotify, step, resolve).
    public var notifications: Int

    public init(rule: String, evaluations: Int, firings: Int, notifications: Int) {
        self.rule = rule
        self.evaluations = evaluations
        self.firings = firings
        self.notifications = notifications
    }
}
