import AlertModel
import AlertStore
import RuleEngine

/// Everything the status page shows at one moment; `/api/status` serves it as JSON.
public struct StatusSnapshot: Sendable, Hashable, Codable {
    public var now: Timestamp
    public var startedAt: Timestamp
    public var ready: Bool
    /// Why it is not ready; empty when ready.
    public var notReadyReasons: [String]
    public var ruleSet: RuleSetStatus?
    public var platforms: [PlatformStatus]
    /// Pending and firing alerts first (most severe, then oldest), then the rest the store returned.
    public var alerts: [StoredAlert]
    /// Newest first.
    public var recentNotifications: [RecentNotification]
    /// Per rule, totals since the process started (across reloads), by rule name.
    public var ruleCounters: [RuleCounter]
    public var outbox: OutboxStatistics?
    /// Set when the alerts or the outbox could not be read; the rest is still shown.
    public var storeError: String?

    public init(
        now: Timestamp, startedAt: Timestamp, ready: Bool, notReadyReasons: [String], ruleSet: RuleSetStatus?,
        platforms: [PlatformStatus], alerts: [StoredAlert], recentNotifications: [RecentNotification],
        ruleCounters: [RuleCounter], outbox: OutboxStatistics?, storeError: String?
    ) {
        self.now = now
        self.startedAt = startedAt
        self.ready = ready
        self.notReadyReasons = notReadyReasons
        self.ruleSet = ruleSet
        self.platforms = platforms
        self.alerts = alerts
        self.recentNotifications = recentNotifications
        self.ruleCounters = ruleCounters
        self.outbox = outbox
        self.storeError = storeError
    }
}
