import AlertModel
import RuleEngine

/// What one rule set did over a recording: every alert transition and notification in the order the engine made
/// them (which is time order), and counts for the summary.
public struct ReplayResult: Sendable {
    public var transitions: [AlertTransition] = []
    public var notifications: [ReplayedNotification] = []
    /// Alerts still pending or firing when the recording ended.
    public var openAlerts: [AlertSnapshot] = []
    public var eventsByStream: [RecordedStream: Int] = [:]
    /// Data lines whose payload is not its stream's shape; skipped, as the live hub client skips them.
    public var undecodable = 0
    /// Lines that are not recording lines, skipped because the runner was told to skip them.
    public var badLines: [RecordingError] = []
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
    /// The `end` line's time; nil when the recording stops without one (the recorder did not shut down cleanly),
    /// and timers due after the last line did not run.
    public var endTime: Timestamp?

    public init() {}

    public var events: Int { eventsByStream.values.reduce(0, +) }

    /// Alerts that started firing, in time order.
    public var fired: [AlertTransition] { transitions.filter { $0.to == .firing } }

    /// Alerts that resolved, in time order.
    public var resolved: [AlertTransition] { transitions.filter { $0.to == .resolved } }

    /// Notifications by channel (`mail`, `news`, `webhook risk_desk`, `log`).
    public var notificationsByChannel: [String: Int] {
        notifications.reduce(into: [:]) { $0[$1.channel, default: 0] += 1 }
    }
}
