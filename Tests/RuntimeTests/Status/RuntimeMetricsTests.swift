import AlertModel
import AlertStore
import RuleEngine
import Runtime
import Testing

@Suite("Runtime metrics")
struct RuntimeMetricsTests {
    /// The exposition as `series -> value`, checking on the way that every line is a comment or a sample.
    static func samples(_ text: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# HELP mtrules_") || line.hasPrefix("# TYPE mtrules_") { continue }
            #expect(line.hasPrefix("mtrules_"), "unexpected line: \(line)")
            let space = try #require(line.lastIndex(of: " "), "no value in: \(line)")
            let value = try #require(Double(line[line.index(after: space)...]), "bad value in: \(line)")
            result[String(line[..<space])] = value
        }
        return result
    }

    @Test("every metric has help and type lines, and every sample line parses")
    func expositionParses() throws {
        let metrics = RuntimeMetrics(startedAt: StatusFixtures.start)
        metrics.eventsReceived(platform: "MT4-Live", stream: "margin", count: 3)
        metrics.setConnectionState(platform: "MT4-Live", .connected)
        let text = metrics.exposition()
        let samples = try Self.samples(text)
        #expect(samples["mtrules_process_start_time_seconds"] == StatusFixtures.start.seconds)
        #expect(samples[#"mtrules_events_received_total{platform="MT4-Live",stream="margin"}"#] == 3)
        #expect(samples[#"mtrules_hub_connection_state{platform="MT4-Live",state="connected"}"#] == 1)
        #expect(samples[#"mtrules_hub_connection_state{platform="MT4-Live",state="reconnecting"}"#] == 0)
        for name in ["mtrules_events_received_total", "mtrules_alerts", "mtrules_process_start_time_seconds"] {
            #expect(text.contains("# HELP \(name) "))
            #expect(text.contains("# TYPE \(name) "))
        }
    }

    @Test("rule counters add only what grew, and count from zero after a reload restarts the engine's counts")
    func ruleCountersSurviveReload() throws {
        let metrics = RuntimeMetrics()
        metrics.updateRuleCounters([
            RuleCounter(name: "margin_call", evaluations: 100, firings: 2, notifications: 4)
        ])
        metrics.updateRuleCounters([
            RuleCounter(name: "margin_call", evaluations: 150, firings: 3, notifications: 6)
        ])
        // The engine was replaced by a reload: its counts start again, lower than before.
        metrics.updateRuleCounters([
            RuleCounter(name: "margin_call", evaluations: 10, firings: 1, notifications: 1)
        ])
        var samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_rule_evaluations_total{rule="margin_call"}"#] == 160)
        #expect(samples[#"mtrules_rule_firings_total{rule="margin_call"}"#] == 4)
        #expect(samples[#"mtrules_rule_notifications_total{rule="margin_call"}"#] == 7)

        // A reload announced explicitly: the next reading counts in full even when it is higher than the last.
        metrics.engineReplaced()
        metrics.updateRuleCounters([
            RuleCounter(name: "margin_call", evaluations: 40, firings: 1, notifications: 2)
        ])
        samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_rule_evaluations_total{rule="margin_call"}"#] == 200)
    }

    @Test("alert and outbox gauges follow whole readings; a vanished series drops to zero")
    func gauges() throws {
        let metrics = RuntimeMetrics()
        metrics.setAlertStates([.firing, .firing, .pending])
        metrics.setOutbox(
            OutboxStatistics(
                buckets: [
                    .init(destination: "webhook:desk", state: .pending, count: 5),
                    .init(destination: "mail", state: .dead, count: 1),
                ], failing: 2, oldestPendingCreatedAt: StatusFixtures.start),
            now: StatusFixtures.start.adding(milliseconds: 30_000))
        var samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_alerts{state="firing"}"#] == 2)
        #expect(samples[#"mtrules_alerts{state="pending"}"#] == 1)
        #expect(samples[#"mtrules_alerts{state="resolved"}"#] == 0)
        #expect(samples[#"mtrules_outbox_entries{destination="webhook:desk",state="pending"}"#] == 5)
        #expect(samples["mtrules_outbox_oldest_pending_age_seconds"] == 30)

        metrics.setAlertStates([])
        metrics.setOutbox(OutboxStatistics(buckets: [], failing: 0, oldestPendingCreatedAt: nil))
        samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_alerts{state="firing"}"#] == 0)
        #expect(samples[#"mtrules_outbox_entries{destination="webhook:desk",state="pending"}"#] == 0)
        #expect(samples[#"mtrules_outbox_entries{destination="mail",state="dead"}"#] == 0)
        #expect(samples["mtrules_outbox_oldest_pending_age_seconds"] == 0)
    }

    @Test("deliveries are counted by outcome and delivered ones timed in the latency histogram")
    func deliveries() throws {
        let metrics = RuntimeMetrics()
        metrics.recordDelivery(
            .init(destination: "webhook:desk", outcome: .delivered, attempt: 1, latency: .milliseconds(300)))
        metrics.recordDelivery(
            .init(
                destination: "webhook:desk", outcome: .retry(reason: "HTTP 503", after: nil), attempt: 1,
                latency: .seconds(1)))
        metrics.recordDelivery(
            .init(destination: "webhook:desk", outcome: .delivered, attempt: 2, latency: .seconds(4)))
        let samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_deliveries_total{destination="webhook:desk",outcome="delivered"}"#] == 2)
        #expect(samples[#"mtrules_deliveries_total{destination="webhook:desk",outcome="retry"}"#] == 1)
        #expect(samples[#"mtrules_delivery_latency_seconds_count{destination="webhook:desk"}"#] == 2)
        #expect(abs((samples[#"mtrules_delivery_latency_seconds_sum{destination="webhook:desk"}"#] ?? 0) - 4.3) < 1e-9)
        #expect(samples[#"mtrules_delivery_latency_seconds_bucket{destination="webhook:desk",le="0.5"}"#] == 1)
        #expect(samples[#"mtrules_delivery_latency_seconds_bucket{destination="webhook:desk",le="5.0"}"#] == 2)
    }

    @Test("a new rule set replaces the info series; reload failures and reconnects are counted")
    func ruleSetAndHubs() throws {
        let metrics = RuntimeMetrics()
        metrics.ruleSetLoaded(hash: "aaa", rules: 3)
        metrics.ruleSetLoaded(hash: "bbb", rules: 4)
        metrics.ruleReloadFailed()
        metrics.hubReconnected(platform: "MT5-Live")
        let samples = try Self.samples(metrics.exposition())
        #expect(samples[#"mtrules_rule_set_info{hash="bbb"}"#] == 1)
        #expect(samples[#"mtrules_rule_set_info{hash="aaa"}"#] == nil)
        #expect(samples["mtrules_rules_loaded"] == 4)
        #expect(samples["mtrules_rule_reload_failures_total"] == 1)
        #expect(samples[#"mtrules_hub_reconnects_total{platform="MT5-Live"}"#] == 1)
    }
}
