import AlertModel
import AlertStore
import Foundation
import Runtime
import Testing

@Suite("Status HTTP server")
struct StatusServerTests {
    static func readyStatus(now: @escaping @Sendable () -> Timestamp = EngineService.wallClock) -> RuntimeStatus {
        let status = RuntimeStatus(platforms: ["MT4-Live"], now: now)
        status.storeOpened()
        status.rulesLoaded(hash: "abc123", names: ["margin_call", "large_trade", "spread_widening"])
        status.platformConnected(name: "MT4-Live")
        status.platformResynced(name: "MT4-Live", accounts: 120)
        return status
    }

    @Test("the page lists firing alerts with their labels and inputs, and reloads itself")
    func page() async throws {
        let status = Self.readyStatus()
        let key = StatusFixtures.deskAlerts[0].key
        status.notified([StatusFixtures.notification(key, text: "1001 at 87% margin level")])
        let reply = try await StatusFixtures.withServer(status: status, alerts: { StatusFixtures.deskAlerts }) {
            try await StatusFixtures.get($0 + "/")
        }
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "text/html; charset=utf-8")
        for text in [
            "margin_call", "login=<b>1001</b>", "<code>level</code> = <b>87.4%</b>", "spread_widening", "pending",
            "1001 at 87% margin level", "http-equiv=\"refresh\"", "MT4-Live",
        ] {
            #expect(reply.body.contains(text), "the page lacks \(text)")
        }
        #expect(!reply.body.contains("<script"), "the page works without JavaScript")
    }

    @Test("labels, inputs and messages from outside are escaped on the page")
    func escaping() async throws {
        let hostile = StatusFixtures.alert(
            rule: "margin_call", labels: [("group", "<script>alert(1)</script>")],
            inputs: [("comment", "\"><img src=x onerror=alert(2)>")])
        let status = Self.readyStatus()
        status.notified([StatusFixtures.notification(hostile.key, text: "<b>bold</b> & <script>x</script>")])
        let body = try await StatusFixtures.withServer(status: status, alerts: { [hostile] }) {
            try await StatusFixtures.get($0 + "/").body
        }
        #expect(!body.contains("<script>"))
        #expect(!body.contains("<img"))
        #expect(!body.contains("<b>bold</b>"))
        #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(body.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(body.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"))
    }

    @Test("/api/status serves the same snapshot as JSON")
    func json() async throws {
        let status = Self.readyStatus()
        let reply = try await StatusFixtures.withServer(status: status, alerts: { StatusFixtures.deskAlerts }) {
            try await StatusFixtures.get($0 + "/api/status")
        }
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        let snapshot = try JSONDecoder().decode(StatusSnapshot.self, from: Data(reply.body.utf8))
        #expect(snapshot.ready)
        #expect(snapshot.alerts.map(\.key.rule) == ["margin_call", "large_trade", "spread_widening"])
        #expect(snapshot.ruleSet?.hash == "abc123")
        #expect(snapshot.platforms.first?.resyncedAccounts == 120)
    }

    @Test("/metrics serves the text format with the store's alerts and outbox read at scrape time")
    func metrics() async throws {
        let status = Self.readyStatus()
        status.eventsReceived(platform: "MT4-Live", stream: "margin", count: 7)
        let outbox = OutboxStatistics(
            buckets: [.init(destination: "webhook:desk", state: .pending, count: 2)], failing: 0,
            oldestPendingCreatedAt: nil)
        let reply = try await StatusFixtures.withServer(
            status: status, alerts: { StatusFixtures.deskAlerts }, outbox: { outbox }
        ) {
            try await StatusFixtures.get($0 + "/metrics")
        }
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = try RuntimeMetricsTests.samples(reply.body)
        #expect(samples[#"mtrules_alerts{state="firing"}"#] == 2)
        #expect(samples[#"mtrules_alerts{state="pending"}"#] == 1)
        #expect(samples[#"mtrules_outbox_entries{destination="webhook:desk",state="pending"}"#] == 2)
        #expect(samples[#"mtrules_events_received_total{platform="MT4-Live",stream="margin"}"#] == 7)
        #expect(samples[#"mtrules_rule_set_info{hash="abc123"}"#] == 1)
    }

    @Test("/healthz answers ok; /readyz answers 503 with the reasons, then 200 once ready")
    func probes() async throws {
        let status = RuntimeStatus(platforms: ["MT4-Live"])
        try await StatusFixtures.withServer(status: status) { base in
            let health = try await StatusFixtures.get(base + "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")

            var ready = try await StatusFixtures.get(base + "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body.contains("the alert store is not open yet"))
            #expect(ready.body.contains("platform MT4-Live has not connected yet"))

            status.storeOpened()
            status.rulesLoaded(hash: "abc", names: ["r"])
            status.platformConnected(name: "MT4-Live")
            ready = try await StatusFixtures.get(base + "/readyz")
            #expect(ready.status == 503)
            #expect(
                ready.body
                    == "not ready:\n- platform MT4-Live is connected but its margins have not been resynced yet\n")

            status.platformResynced(name: "MT4-Live", accounts: 3)
            ready = try await StatusFixtures.get(base + "/readyz")
            #expect(ready.status == 200)
            #expect(ready.body == "ready\n")
        }
    }

    @Test(
        "with a token, every route but /healthz needs it",
        arguments: ["/", "/api/status", "/metrics", "/readyz"])
    func authentication(path: String) async throws {
        let token = "s3cret-token-value"
        try await StatusFixtures.withServer(status: Self.readyStatus(), token: token) { base in
            let missing = try await StatusFixtures.get(base + path)
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(!missing.body.contains(token))

            let wrong = try await StatusFixtures.get(base + path, token: "s3cret-token-valuf")
            #expect(wrong.status == 401)
            let longer = try await StatusFixtures.get(base + path, token: token + "x")
            #expect(longer.status == 401)
            let basic = try await StatusFixtures.get(base + path, authorization: "Basic \(token)")
            #expect(basic.status == 401)

            let accepted = try await StatusFixtures.get(base + path, token: token)
            #expect(accepted.status == 200)
            let health = try await StatusFixtures.get(base + "/healthz")
            #expect(health.status == 200)
        }
    }

    @Test("a store that cannot be read still gives a page, saying so")
    func storeFailure() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "database is locked" } }
        let reply = try await StatusFixtures.withServer(status: Self.readyStatus(), alerts: { throw Broken() }) {
            try await StatusFixtures.get($0 + "/")
        }
        #expect(reply.status == 200)
        #expect(reply.body.contains("Could not read the alert store: alerts: database is locked"))
    }

    @Test("a port already taken is reported by listeningPort, naming the address")
    func portTaken() async throws {
        try await StatusFixtures.withServer(status: RuntimeStatus(platforms: [])) { base in
            let port = try #require(Int(base.split(separator: ":").last ?? ""))
            let second = StatusServer(
                configuration: .init(host: "127.0.0.1", port: port), status: RuntimeStatus(platforms: []),
                alerts: { [] })
            async let run: Void = { try? await second.run() }()
            await #expect(throws: StatusServerError.self) { try await second.listeningPort() }
            await run
        }
    }
}
