import AlertModel
import AlertStore
import Delivery
import Foundation
import Prometheus
import RuleEngine
import Synchronization

/// The service's Prometheus metrics, in a registry of its own (the global `MetricsSystem` is left alone, so tests and
/// embedded runtimes can each have one). Counters only go up; gauges are set from whole readings, and a label set
/// that disappears from a reading is set to zero rather than left at its last value.
public final class RuntimeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let state = Mutex(State())

    private struct State {
        var ruleCounters = CumulativeCounters()
        var outboxSeries: Set<[String]> = []
        var ruleSetInfo: Gauge?
        var eventCounters: [String: Counter] = [:]
    }

    /// Latency buckets in seconds: a log line is instant, a webhook under a second, a retried mail minutes.
    static let latencyBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900]

    public init(startedAt: Timestamp = EngineService.wallClock()) {
        registry = PrometheusCollectorRegistry()
        gauge(Name.startTime).set(to: startedAt.seconds)
        counter(Name.reloadFailures).increment(by: Int64(0))
        for alertState in AlertState.allCases {
            alertGauge(alertState).set(to: 0)
        }
    }

    // MARK: Events and rules

    /// Events taken off a platform's hub, by stream (`margin`, `trade`, `tick`, …).
    public func eventsReceived(platform: String, stream: String, count: Int = 1) {
        let key = platform + "\u{0}" + stream
        let events = state.withLock { state in
            if let existing = state.eventCounters[key] { return existing }
            let created = counter(Name.events, [("platform", platform), ("stream", stream)])
            state.eventCounters[key] = created
            return created
        }
        events.increment(by: Int64(count))
    }

    /// Takes the engine's cumulative per-rule counts; only what grew since the previous reading is added, and a
    /// reading lower than the previous one (a reload replaced the engine) counts from zero.
    public func updateRuleCounters(_ readings: [RuleCounter]) {
        let increments = state.withLock { $0.ruleCounters.increments(for: readings) }
        for delta in increments {
            let labels = [("rule", delta.name)]
            counter(Name.evaluations, labels)
                .increment(by: Int64(delta.evaluations))
            counter(Name.firings, labels)
                .increment(by: Int64(delta.firings))
            counter(Name.notifications, labels)
                .increment(by: Int64(delta.notifications))
        }
    }

    /// The engine was replaced (a reload): its next readings start from zero whatever they are.
    public func engineReplaced() {
        state.withLock { $0.ruleCounters.engineReplaced() }
    }

    /// A rule set is in force: `mtrules_rule_set_info{hash}` is 1 for it alone.
    public func ruleSetLoaded(hash: String, rules: Int) {
        let info = gauge(Name.ruleSetInfo, [("hash", hash)])
        let previous = state.withLock { state in
            defer { state.ruleSetInfo = info }
            return state.ruleSetInfo
        }
        if let previous, previous !== info { registry.unregisterGauge(previous) }
        info.set(to: 1)
        gauge(Name.rulesLoaded).set(to: Double(rules))
    }

    /// A reload was refused (the previous rules stay in force).
    public func ruleReloadFailed() {
        counter(Name.reloadFailures).increment()
    }

    // MARK: Alerts and the outbox

    /// Sets `mtrules_alerts{state}` from the states of the stored alerts (every state present, zero included).
    public func setAlertStates(_ states: [AlertState]) {
        var counts = Dictionary(uniqueKeysWithValues: AlertState.allCases.map { ($0, 0) })
        for alertState in states { counts[alertState, default: 0] += 1 }
        for (alertState, count) in counts { alertGauge(alertState).set(to: Double(count)) }
    }

    /// Sets the outbox depth per destination and state, and how old the oldest pending entry is.
    public func setOutbox(_ statistics: OutboxStatistics, now: Timestamp = EngineService.wallClock()) {
        var current: Set<[String]> = []
        for bucket in statistics.buckets {
            current.insert([bucket.destination, bucket.state.rawValue])
            outboxGauge(bucket.destination, bucket.state.rawValue).set(to: Double(bucket.count))
        }
        let vanished = state.withLock { state in
            defer { state.outboxSeries.formUnion(current) }
            return state.outboxSeries.subtracting(current)
        }
        for series in vanished { outboxGauge(series[0], series[1]).set(to: 0) }
        let age = statistics.oldestPendingCreatedAt.map { max(0, now.seconds - $0.seconds) } ?? 0
        gauge(Name.oldestPending).set(to: age)
    }

    /// One delivery attempt's outcome, and for a delivered entry how long it waited since it was queued.
    public func recordDelivery(_ event: DeliveryWorker.DeliveryEvent) {
        let outcome: String
        switch event.outcome {
        case .delivered: outcome = "delivered"
        case .retry: outcome = "retry"
        case .final: outcome = "dead"
        }
        counter(Name.deliveries, [("destination", event.destination), ("outcome", outcome)]).increment()
        if case .delivered = event.outcome {
            let seconds =
                Double(event.latency.components.seconds)
                + Double(event.latency.components.attoseconds) / 1e18
            registry.makeValueHistogram(
                descriptor: Name.latency, labels: [("destination", event.destination)], buckets: Self.latencyBuckets
            ).record(seconds)
        }
    }

    // MARK: Hubs

    /// Sets `mtrules_hub_connection_state{platform,state}`: 1 for the current state, 0 for the others.
    public func setConnectionState(platform: String, _ connection: PlatformConnectionState) {
        for candidate in PlatformConnectionState.allCases {
            gauge(Name.connectionState, [("platform", platform), ("state", candidate.rawValue)]).set(
                to: candidate == connection ? 1 : 0)
        }
    }

    /// A platform's hub connected again after losing its connection.
    public func hubReconnected(platform: String) {
        hubReconnectCounter(platform).increment()
    }

    /// Makes the platform's reconnect counter exist at zero, so a rate over it works before the first reconnect.
    func registerPlatform(_ platform: String) {
        hubReconnectCounter(platform).increment(by: Int64(0))
    }

    // MARK: Exposition

    /// The Prometheus text format (0.0.4) of every metric.
    public func exposition() -> String {
        registry.emitToString()
    }

    // MARK: Series

    private func alertGauge(_ alertState: AlertState) -> Gauge {
        gauge(Name.alerts, [("state", alertState.rawValue)])
    }

    private func outboxGauge(_ destination: String, _ outboxState: String) -> Gauge {
        gauge(Name.outbox, [("destination", destination), ("state", outboxState)])
    }

    private func hubReconnectCounter(_ platform: String) -> Counter {
        counter(Name.reconnects, [("platform", platform)])
    }

    private func counter(_ name: MetricNameDescriptor, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: name, labels: labels)
    }

    private func gauge(_ name: MetricNameDescriptor, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: name, labels: labels)
    }

    /// Every metric's name and help text (the registry insists every series of a name has the same help).
    private enum Name {
        static func make(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "mtrules", metricName: name, unitName: unit, helpText: help)
        }

        static var startTime: MetricNameDescriptor {
            make(
                "process_start_time", "seconds", "When the process started, in seconds since the Unix epoch.")
        }
        static var events: MetricNameDescriptor {
            make(
                "events_received", "total", "Events received from the platforms' hubs, by platform and stream.")
        }
        static var evaluations: MetricNameDescriptor {
            make("rule_evaluations", "total", "Times each rule's conditions were evaluated.")
        }
        static var firings: MetricNameDescriptor {
            make("rule_firings", "total", "Times an alert of each rule started firing.")
        }
        static var notifications: MetricNameDescriptor {
            make("rule_notifications", "total", "Notifications each rule produced.")
        }
        static var ruleSetInfo: MetricNameDescriptor {
            make("rule_set_info", "", "The rule set in force (value 1), by content hash.")
        }
        static var rulesLoaded: MetricNameDescriptor {
            make("rules_loaded", "", "Rules in the rule set in force.")
        }
        static var reloadFailures: MetricNameDescriptor {
            make(
                "rule_reload_failures", "total", "Rule reloads refused because the new rules did not compile.")
        }
        static var alerts: MetricNameDescriptor {
            make("alerts", "", "Alerts known to the store, by state.")
        }
        static var outbox: MetricNameDescriptor {
            make("outbox_entries", "", "Outbox entries by destination and state.")
        }
        static var oldestPending: MetricNameDescriptor {
            make(
                "outbox_oldest_pending_age", "seconds",
                "Age of the oldest pending outbox entry (0 when none): how far behind delivery is.")
        }
        static var deliveries: MetricNameDescriptor {
            make(
                "deliveries", "total", "Delivery attempts by destination and outcome (delivered, retry, dead).")
        }
        static var latency: MetricNameDescriptor {
            make(
                "delivery_latency", "seconds",
                "Seconds from a notification entering the outbox to its delivery, by destination.")
        }
        static var connectionState: MetricNameDescriptor {
            make(
                "hub_connection_state", "",
                "Hub connection state per platform: 1 for the current state, 0 for the others.")
        }
        static var reconnects: MetricNameDescriptor {
            make(
                "hub_reconnects", "total", "Times a platform's hub connection was re-established after being lost.")
        }
    }
}
