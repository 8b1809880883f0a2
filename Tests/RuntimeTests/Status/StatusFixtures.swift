import AlertModel
import AlertStore
import AsyncHTTPClient
import Foundation
import Runtime
import Synchronization

/// Alerts, notifications and a clock for the status tests, and a real status server on 127.0.0.1 with a free port.
enum StatusFixtures {
    static let start = Timestamp(milliseconds: 1_767_614_400_000)  // 2026-01-05 12:00:00 UTC

    /// A clock the test moves by hand.
    final class Clock: Sendable {
        private let time = Mutex(StatusFixtures.start)
        var now: Timestamp { time.withLock { $0 } }
        func advance(seconds: Int64) { time.withLock { $0 = $0.adding(milliseconds: seconds * 1000) } }
        var function: @Sendable () -> Timestamp { { self.now } }
    }

    static func alert(
        rule: String, labels: [(String, String)], state: AlertState = .firing, severity: Severity = .critical,
        since: Timestamp = start, inputs: [(String, String)] = [], platform: String = "MT4-Live"
    ) -> StoredAlert {
        StoredAlert(
            key: AlertKey(
                rule: rule, platform: platform, labels: labels.map { AlertKey.Label(name: $0.0, value: $0.1) }),
            state: state, severity: severity, since: since, activeSince: since,
            evidence: Evidence(
                ruleFile: "rules/desk.rules", ruleHash: "abc123",
                inputs: inputs.map { Evidence.Input(expression: $0.0, value: $0.1) },
                windows: []),
            ruleSetHash: "abc123", lastNotifiedAt: since)
    }

    /// What a risk desk would see on a busy morning.
    static var deskAlerts: [StoredAlert] {
        [
            alert(
                rule: "margin_call", labels: [("login", "1001"), ("group", "real-A")],
                since: start.adding(milliseconds: -252_000),
                inputs: [("level", "87.4%"), ("equity", "8,740.00"), ("margin", "10,000.00")]),
            alert(
                rule: "large_trade", labels: [("login", "2044"), ("symbol", "XAUUSD")], severity: .warning,
                since: start.adding(milliseconds: -61_000), inputs: [("volume", "75"), ("side", "buy")]),
            alert(
                rule: "spread_widening", labels: [("symbol", "EURUSD")], state: .pending, severity: .info,
                since: start.adding(milliseconds: -20_000), inputs: [("spread", "31 points")]),
        ]
    }

    static func notification(
        _ key: AlertKey, reason: NotificationReason = .firing, text: String, at time: Timestamp = start, index: Int = 0
    ) -> AlertNotification {
        AlertNotification(
            id: "\(key)-\(time.milliseconds)-\(index)", key: key, reason: reason, severity: .critical, time: time,
            action: .webhook(receiver: "desk", text: text), labels: key.labels, shadow: false, evidence: nil)
    }

    /// Runs a status server on 127.0.0.1, port 0, for the duration of `body`, which gets its base URL.
    static func withServer<Result: Sendable>(
        status: RuntimeStatus, token: String? = nil,
        alerts: @escaping @Sendable () async throws -> [StoredAlert] = { [] },
        outbox: (@Sendable () async throws -> OutboxStatistics)? = nil,
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let server = StatusServer(
            configuration: .init(host: "127.0.0.1", port: 0, bearerToken: token), status: status, alerts: alerts,
            outbox: outbox)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                // A failure to listen reaches the test through `listeningPort()`; cancellation ends it normally.
                try? await server.run()
                return nil
            }
            let port = try await server.listeningPort()
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            while try await group.next() != nil {}
            return result
        }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    static func get(_ url: String, token: String? = nil, authorization: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(decoding: body.readableBytesView, as: UTF8.self))
    }
}
