import AlertModel
import AlertStore
import Foundation
import Testing

@Suite("mtrules outbox and mtrules alerts")
struct OutboxCommandTests {
    static let start = Timestamp(milliseconds: 1_767_571_200_000)
    static let key = AlertKey(rule: "margin_call", platform: "MT4-Live", labels: [.init(name: "login", value: "1001")])

    /// A store with one alert that fired (with evidence), a delivered mail and a dead-lettered webhook.
    static func seededStore(_ runner: CommandRunner) throws -> String {
        let path = runner.directory.appendingPathComponent("state/alerts.sqlite").path
        let store = try AlertStore(path: path)
        let evidence = Evidence(
            ruleFile: "rules/margin.rules", ruleHash: "0123456789abcdef0123",
            inputs: [.init(expression: "level", value: "95.0%")], windows: [])
        let transition = AlertTransition(
            key: key, from: .inactive, to: .firing, at: start, severity: .critical, evidence: evidence)
        func notification(_ index: Int, _ action: NotificationAction) -> AlertNotification {
            AlertNotification(
                id: "\(key)/\(start.milliseconds)/1/\(index)", key: key, reason: .firing, severity: .critical,
                time: start, action: action, labels: [], shadow: false, evidence: evidence)
        }
        let result = try store.record(
            transitions: [transition],
            notifications: [
                notification(0, .mail(recipients: .logins([1001]), subject: "Margin call", body: "Level 95%")),
                notification(1, .webhook(receiver: "risk_desk", text: "Margin call 1001")),
            ])
        try store.markDelivered(result.queued[0], at: start.adding(milliseconds: 500))
        try store.deadLetter(result.queued[1], at: start.adding(milliseconds: 600), reason: "HTTP 400: unknown channel")
        return path
    }

    @Test("list shows dead letters with their reason, retry puts one back, drop gives one up")
    func listRetryDrop() async throws {
        let runner = try CommandRunner()
        let store = try Self.seededStore(runner)
        let dead = try await runner.run("outbox", "list", "--store", store, "--state", "dead")
        #expect(dead.status == 0, "\(dead.error)")
        #expect(dead.output.contains("1 dead"))
        #expect(dead.output.contains("#2  dead  webhook:risk_desk  margin_call{login=1001}@MT4-Live"))
        #expect(dead.output.contains("last error: HTTP 400: unknown channel"))

        let retried = try await runner.run("outbox", "retry", "--store", store, "#2")
        #expect(retried.status == 0, "\(retried.error)")
        #expect(retried.output.contains("#2 is pending again for webhook:risk_desk"))
        let pending = try await runner.run("outbox", "--store", store)
        #expect(pending.output.contains("#2  pending"))

        let dropped = try await runner.run("outbox", "drop", "--store", store, "2", "--reason", "receiver retired")
        #expect(dropped.status == 0, "\(dropped.error)")
        let none = try await runner.run("outbox", "--store", store)
        #expect(none.output.contains("no pending entries"))

        let unknown = try await runner.run("outbox", "retry", "--store", store, "99")
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("99"))
    }

    @Test("alerts lists what fires, and --explain tells its story with the inputs that decided it")
    func alertsExplain() async throws {
        let runner = try CommandRunner()
        let store = try Self.seededStore(runner)
        let current = try await runner.run("alerts", "--store", store)
        #expect(current.status == 0, "\(current.error)")
        #expect(current.output.contains("firing  margin_call{login=1001}@MT4-Live  critical"))
        let explained = try await runner.run("alerts", "--store", store, "--explain", "login=1001")
        #expect(explained.status == 0, "\(explained.error)")
        #expect(explained.output.contains("inactive → firing"))
        #expect(explained.output.contains("level = 95.0%"))
        #expect(explained.output.contains("rules/margin.rules"))
        #expect(explained.output.contains("delivery attempt 1 to mail: delivered"))
        #expect(explained.output.contains("delivery attempt 1 to webhook:risk_desk: dead"))
    }

    @Test("a store path that does not exist is a usage error, and no empty store is created")
    func missingStore() async throws {
        let runner = try CommandRunner()
        let result = try await runner.run("outbox", "--store", "nowhere/alerts.sqlite")
        #expect(result.status == 2)
        #expect(result.error.contains("no alert store at nowhere/alerts.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: runner.directory.appendingPathComponent("nowhere").path))
    }
}
