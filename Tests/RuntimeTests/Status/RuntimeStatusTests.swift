import AlertModel
import RuleEngine
import Runtime
import Testing

@Suite("Runtime status and readiness")
struct RuntimeStatusTests {
    @Test("ready only once the store is open, rules are loaded and every platform connected and resynced")
    func readinessTransitions() {
        let clock = StatusFixtures.Clock()
        let status = RuntimeStatus(platforms: ["MT4-Live", "MT5-Live"], now: clock.function)
        #expect(status.readiness.reasons.count == 4)

        status.storeOpened()
        status.rulesLoaded(hash: "abc", names: ["margin_call"])
        status.platformConnected(name: "MT4-Live")
        #expect(
            status.readiness.reasons == [
                "platform MT4-Live is connected but its margins have not been resynced yet",
                "platform MT5-Live has not connected yet",
            ])

        status.platformResynced(name: "MT4-Live", accounts: 120)
        status.platformConnected(name: "MT5-Live")
        status.platformResynced(name: "MT5-Live", accounts: 80)
        #expect(status.readiness.isReady)

        // Losing a connection makes it unready until it is back; the earlier resync still counts.
        status.platformReconnecting(name: "MT5-Live")
        #expect(status.readiness.reasons == ["platform MT5-Live lost its connection and is reconnecting"])
        status.platformConnected(name: "MT5-Live")
        #expect(status.readiness.isReady)
    }

    @Test("a reconnect is counted, on the page and in the metrics")
    func reconnectsCounted() throws {
        let status = RuntimeStatus(platforms: ["MT4-Live"])
        status.platformConnected(name: "MT4-Live")
        status.platformReconnecting(name: "MT4-Live")
        status.platformConnected(name: "MT4-Live")
        let snapshot = status.snapshot(alerts: [], outbox: nil)
        #expect(snapshot.platforms.first?.reconnects == 1)
        let samples = try RuntimeMetricsTests.samples(status.metrics.exposition())
        #expect(samples[#"mtrules_hub_reconnects_total{platform="MT4-Live"}"#] == 1)
    }

    @Test("the page keeps the latest notifications, newest first", arguments: [3, 50, 120])
    func recentNotificationsRing(count: Int) {
        let status = RuntimeStatus(platforms: [], recentLimit: 50)
        let key = AlertKey(rule: "margin_call", platform: "MT4-Live", labels: [])
        status.notified(
            (0..<count).map {
                StatusFixtures.notification(
                    key, text: "n\($0)", at: StatusFixtures.start.adding(milliseconds: Int64($0)))
            })
        let recent = status.recentNotifications
        #expect(recent.count == min(count, 50))
        #expect(recent.first?.text == "n\(count - 1)")
        #expect(recent.last?.text == "n\(max(count - 50, 0))")
        #expect(recent.first?.destination == "webhook:desk")
    }

    @Test(
        "per-rule totals on the page carry on across a reload, whether the engine kept its counts or restarted them",
        arguments: [(70, 70), (20, 70)])
    func countersAcrossReload(afterReload: Int, expected: Int) {
        let status = RuntimeStatus(platforms: [])
        status.rulesLoaded(hash: "a", names: ["r"])
        status.updateRuleCounters([RuleCounter(name: "r", evaluations: 50, firings: 1, notifications: 1)])
        status.rulesLoaded(hash: "b", names: ["r"])
        status.updateRuleCounters([
            RuleCounter(name: "r", evaluations: afterReload, firings: 1, notifications: 1)
        ])
        let counters = status.snapshot(alerts: [], outbox: nil).ruleCounters
        #expect(counters.first?.evaluations == expected)
    }

    @Test("a refused reload keeps the rule set and shows the diagnostics")
    func reloadFailure() {
        let status = RuntimeStatus(platforms: [])
        status.rulesLoaded(hash: "a", names: ["r"])
        status.reloadFailed(diagnostics: ["rules/desk.rules:3:7: error: unknown field 'levl'"])
        let ruleSet = status.snapshot(alerts: [], outbox: nil).ruleSet
        #expect(ruleSet?.hash == "a")
        #expect(ruleSet?.lastReloadError?.diagnostics == ["rules/desk.rules:3:7: error: unknown field 'levl'"])
    }
}
