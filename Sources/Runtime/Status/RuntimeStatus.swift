import AlertModel
import AlertStore
import RuleEngine
import Synchronization

/// What the running service knows about itself that the store does not: when it started, which rules are in force,
/// how each platform's connection stands, the latest notifications and per-rule counters, and so whether it is
/// ready. The runtime calls its small methods as things happen; the status server reads it. It keeps its metrics in
/// step (connection state, reconnects, rule set, reload failures, rule counters), so the runtime
/// reports each fact once.
public final class RuntimeStatus: Sendable {
    public let startedAt: Timestamp
    public let metrics: RuntimeMetrics
    private let now: @Sendable () -> Timestamp
    private let recentLimit: Int
    private let state: Mutex<State>

    private struct State {
        var storeOpen = false
        var ruleSet: RuleSetStatus?
        var platforms: [String: PlatformStatus] = [:]
        var order: [String] = []
        /// A ring buffer of the latest notifications; `next` is where the next one goes once it is full.
        var recent: [RecentNotification] = []
        var next = 0
        var counters = CumulativeCounters()
        var everConnected: Set<String> = []
    }

    /// - Parameters:
    ///   - platforms: the platforms the configuration selects; each must connect and resync before the service is
    ///     ready.
    ///   - recentLimit: how many notifications the page keeps.
    ///   - now: the wall clock; tests inject their own.
    public init(
        platforms: [String], metrics: RuntimeMetrics = RuntimeMetrics(), recentLimit: Int = 50,
        now: @escaping @Sendable () -> Timestamp = EngineService.wallClock
    ) {
        let started = now()
        self.startedAt = started
        self.metrics = metrics
        self.now = now
        self.recentLimit = max(recentLimit, 1)
        var initial = State()
        for name in platforms where initial.platforms[name] == nil {
            initial.platforms[name] = PlatformStatus(name: name, state: .connecting, since: started)
            initial.order.append(name)
            metrics.setConnectionState(platform: name, .connecting)
            metrics.registerPlatform(name)
        }
        self.state = Mutex(initial)
    }

    // MARK: Store and rules

    /// The alert store is open: alerts and the outbox can be read.
    public func storeOpened() {
        state.withLock { $0.storeOpen = true }
    }

    /// A rule set took effect (at start-up or by a reload). The engine carries its per-rule counts across a reload,
    /// so counting simply goes on; a reading lower than the last one (a new engine) is detected by the counters.
    public func rulesLoaded(hash: String, names: [String], at: Timestamp? = nil) {
        let time = at ?? now()
        state.withLock { state in
            state.ruleSet = RuleSetStatus(hash: hash, rules: names, loadedAt: time)
        }
        metrics.ruleSetLoaded(hash: hash, rules: names.count)
    }

    /// A reload was refused; the previous rules stay in force. `diagnostics` are the compiler's rendered lines.
    public func reloadFailed(diagnostics: [String], at: Timestamp? = nil) {
        let time = at ?? now()
        state.withLock { state in
            state.ruleSet?.lastReloadError = RuleSetStatus.ReloadError(at: time, diagnostics: diagnostics)
        }
        metrics.ruleReloadFailed()
    }

    /// The engine's cumulative per-rule counts (see `RuleCounter`).
    public func updateRuleCounters(_ readings: [RuleCounter]) {
        _ = state.withLock { $0.counters.increments(for: readings) }
        metrics.updateRuleCounters(readings)
    }

    // MARK: Platforms

    /// The first connection attempt to a platform's hub began.
    public func platformConnecting(name: String, at: Timestamp? = nil) {
        move(name, to: .connecting, at: at)
    }

    /// A platform's hub connected; after it had been connected before, that counts as a reconnect.
    public func platformConnected(name: String, at: Timestamp? = nil) {
        let reconnected = state.withLock { state in
            !state.everConnected.insert(name).inserted
        }
        move(name, to: .connected, at: at) { platform in
            if reconnected { platform.reconnects += 1 }
        }
        if reconnected { metrics.hubReconnected(platform: name) }
    }

    /// A platform's hub connection was lost; the client is trying again.
    public func platformReconnecting(name: String, at: Timestamp? = nil) {
        move(name, to: .reconnecting, at: at)
    }

    /// A platform's hub client gave up (rejected credentials) or was shut down.
    public func platformStopped(name: String, reason: String?, at: Timestamp? = nil) {
        move(name, to: .stopped, at: at) { $0.stopReason = reason }
    }

    /// The margin resync after a (re)connection finished with `accounts` accounts.
    public func platformResynced(name: String, accounts: Int, at: Timestamp? = nil) {
        let time = at ?? now()
        state.withLock { state in
            Self.update(&state, name, since: time) { platform in
                platform.lastResyncAt = time
                platform.resyncedAccounts = accounts
            }
        }
    }

    /// Events were taken off a platform's hub (counted in the metrics by stream; the page shows the latest time).
    public func eventsReceived(platform: String, stream: String, count: Int = 1, at: Timestamp? = nil) {
        let time = at ?? now()
        state.withLock { state in
            Self.update(&state, platform, since: time) { $0.lastEventAt = time }
        }
        metrics.eventsReceived(platform: platform, stream: stream, count: count)
    }

    private func move(
        _ name: String, to connection: PlatformConnectionState, at: Timestamp?,
        _ change: (inout PlatformStatus) -> Void = { _ in }
    ) {
        let time = at ?? now()
        state.withLock { state in
            Self.update(&state, name, since: time) { platform in
                if platform.state != connection {
                    platform.state = connection
                    platform.since = time
                }
                if connection != .stopped { platform.stopReason = nil }
                change(&platform)
            }
        }
        metrics.setConnectionState(platform: name, connection)
    }

    /// Changes a platform's status, adding it (as connecting) when it was not among the configured ones.
    private static func update(
        _ state: inout State, _ name: String, since: Timestamp, _ change: (inout PlatformStatus) -> Void
    ) {
        if state.platforms[name] == nil {
            state.platforms[name] = PlatformStatus(name: name, state: .connecting, since: since)
            state.order.append(name)
        }
        change(&state.platforms[name]!)
    }

    // MARK: Notifications

    /// Notifications the engine produced (after they were committed to the outbox).
    public func notified(_ notifications: [AlertNotification]) {
        guard !notifications.isEmpty else { return }
        let limit = recentLimit
        state.withLock { state in
            for notification in notifications {
                let entry = RecentNotification(notification)
                if state.recent.count < limit {
                    state.recent.append(entry)
                } else {
                    state.recent[state.next] = entry
                }
                state.next = (state.next + 1) % limit
            }
        }
    }

    // MARK: Reading

    /// Ready when the store is open, rules are loaded, and every platform has connected and resynced once and is
    /// connected now.
    public var readiness: Readiness {
        state.withLock { state in
            var reasons: [String] = []
            if !state.storeOpen { reasons.append("the alert store is not open yet") }
            if state.ruleSet == nil { reasons.append("no rules are loaded yet") }
            for name in state.order {
                guard let platform = state.platforms[name] else { continue }
                switch platform.state {
                case .connected:
                    if platform.lastResyncAt == nil {
                        reasons.append("platform \(name) is connected but its margins have not been resynced yet")
                    }
                case .connecting:
                    reasons.append("platform \(name) has not connected yet")
                case .reconnecting:
                    reasons.append("platform \(name) lost its connection and is reconnecting")
                case .stopped:
                    let why = platform.stopReason.map { ": \($0)" } ?? ""
                    reasons.append("platform \(name) stopped\(why)")
                }
            }
            return Readiness(reasons: reasons)
        }
    }

    /// The latest notifications, newest first.
    public var recentNotifications: [RecentNotification] {
        state.withLock { state in
            let ordered =
                state.recent.count < recentLimit
                ? state.recent : Array(state.recent[state.next...] + state.recent[..<state.next])
            return ordered.reversed()
        }
    }

    /// Everything the page shows, with the alerts and outbox read from the store by the caller.
    public func snapshot(
        alerts: [StoredAlert], outbox: OutboxStatistics?, storeError: String? = nil
    )
        -> StatusSnapshot
    {
        let readiness = self.readiness
        let recent = recentNotifications
        let (ruleSet, platforms, counters) = state.withLock { state in
            (
                state.ruleSet, state.order.compactMap { state.platforms[$0] },
                state.counters.totals.values.sorted { $0.name < $1.name }
            )
        }
        return StatusSnapshot(
            now: now(), startedAt: startedAt, ready: readiness.isReady, notReadyReasons: readiness.reasons,
            ruleSet: ruleSet, platforms: platforms, alerts: Self.ordered(alerts), recentNotifications: recent,
            ruleCounters: counters, outbox: outbox, storeError: storeError)
    }

    /// Firing before pending before the rest; the most severe first; then the longest-standing.
    static func ordered(_ alerts: [StoredAlert]) -> [StoredAlert] {
        func rank(_ state: AlertState) -> Int {
            switch state {
            case .firing: return 0
            case .pending: return 1
            case .resolved: return 2
            case .inactive: return 3
            }
        }
        return alerts.sorted { lhs, rhs in
            if rank(lhs.state) != rank(rhs.state) { return rank(lhs.state) < rank(rhs.state) }
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            let left = lhs.activeSince ?? lhs.since
            let right = rhs.activeSince ?? rhs.since
            if left != right { return left < right }
            return lhs.key.description < rhs.key.description
        }
    }
}
