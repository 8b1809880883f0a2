import AlertModel
import AlertStore
import CPluginSimulator
import Foundation
import Testing

/// `mtrules run` end to end: the real binary against an in-process simulated CPlugin, stopped, killed, signalled.
@Suite("mtrules run")
struct RunCommandTests {
    /// Account 1002 falls into a margin call a few seconds after the simulator starts and stays in it.
    static let marginCallScenario = """
        account 1002 group real-std balance 12450 leverage 100 name "Margin Call"
        at 1s open 1002 buy 3 EURUSD
        at 4s move EURUSD -3% over 2s
        """

    static let marginRule = """
        rule margin_call {
          on margin
          when level < 100% and margin > 0
          clear when margin <= 0 or level >= 150%
          severity critical
          mail client subject "Margin call" body "Your margin level is {level:.1f}%."
        }
        """

    static func prepare(_ runner: CommandRunner, simulator: InProcessSimulator, extra: String = "") throws {
        try runner.write("rules/margin.rules", marginRule)
        try runner.write(
            "mtrules.yaml",
            simulator.configuration(rules: "rules", store: "state/alerts.sqlite", extra: extra))
    }

    @Test("killed with SIGKILL while an alert is firing, the restarted service resyncs and sends no second mail")
    func restartMidFiring() async throws {
        let runner = try CommandRunner()
        let simulator = try await InProcessSimulator(scenario: Self.marginCallScenario)
        try Self.prepare(runner, simulator: simulator)
        let first = try ServiceProcess(runner: runner, arguments: ["run", "--config", "mtrules.yaml"], name: "first")
        try await eventually("the margin call mail") { simulator.mails(to: 1002, subject: "Margin call") >= 1 }
        first.signal(SIGKILL)
        _ = await first.exitStatus()

        let second = try ServiceProcess(runner: runner, arguments: ["run", "--config", "mtrules.yaml"], name: "second")
        try await eventually("the restarted service's resync") { second.log.contains("resynced") }
        // Margin updates keep coming for 1002 (still in its margin call): give them time to reach the rules.
        try await Task.sleep(for: .seconds(3))
        second.signal(SIGTERM)
        #expect(await second.exitStatus() == 0, "\(second.log)")
        #expect(second.log.contains("engine state restored"), "\(second.log)")
        #expect(simulator.mails(to: 1002, subject: "Margin call") == 1)
        let store = try AlertStore(path: runner.directory.appendingPathComponent("state/alerts.sqlite").path)
        let firing = try store.activeAlerts().filter {
            $0.key.description == "margin_call{login=1002}@MT4-Demo" && $0.state == .firing
        }
        #expect(firing.count == 1)
        let notifications = try store.history(of: firing[0].key).events.filter {
            if case .notification = $0 { return true }
            return false
        }
        #expect(notifications.count == 1)
    }

    @Test("SIGHUP with a broken rule file keeps the old rules running and logs the errors with file:line:col")
    func hangupWithBrokenRules() async throws {
        let runner = try CommandRunner()
        let simulator = try await InProcessSimulator(
            scenario: """
                account 1002 group real-std balance 12450 leverage 100 name "Margin Call"
                at 1s open 1002 buy 3 EURUSD
                at 8s move EURUSD -3% over 2s
                """)
        try Self.prepare(runner, simulator: simulator)
        let service = try ServiceProcess(runner: runner, arguments: ["run", "--config", "mtrules.yaml"])
        try await eventually("the first resync") { service.log.contains("resynced") }
        try runner.write("rules/broken.rules", "rule broken {\n  on margin\n  when levle < 100%\n}\n")
        service.signal(SIGHUP)
        try await eventually("the refused reload") { service.log.contains("rules NOT reloaded") }
        #expect(service.log.contains("rules/broken.rules:3:"), "\(service.log)")
        #expect(service.log.contains("levle"))
        try await eventually("the margin call mail from the old rules") {
            simulator.mails(to: 1002, subject: "Margin call") >= 1
        }
        // A fixed file is taken on the next SIGHUP.
        try runner.write("rules/broken.rules", "rule fixed {\n  on margin\n  when level < 10%\n}\n")
        service.signal(SIGHUP)
        try await eventually("the accepted reload") { service.log.contains("rules reloaded (SIGHUP)") }
        service.signal(SIGTERM)
        #expect(await service.exitStatus() == 0, "\(service.log)")
    }

    @Test("with the hub dropped every 2 s the service reconnects, resyncs each time, and the margin call still mails")
    func hubDroppedRepeatedly() async throws {
        let runner = try CommandRunner()
        var faults = FaultPlan.none
        faults.dropEvery = 2
        let simulator = try await InProcessSimulator(scenario: Self.marginCallScenario, faults: faults)
        try Self.prepare(runner, simulator: simulator)
        let service = try ServiceProcess(runner: runner, arguments: ["run", "--config", "mtrules.yaml"])
        try await eventually("three resyncs") {
            service.log.components(separatedBy: "resynced").count > 3
        }
        try await eventually("the margin call mail") { simulator.mails(to: 1002, subject: "Margin call") >= 1 }
        service.signal(SIGTERM)
        #expect(await service.exitStatus() == 0, "\(service.log)")
        #expect(simulator.mails(to: 1002, subject: "Margin call") == 1)
    }

    @Test("--check-config validates the file, compiles the rules and reports undefined receivers")
    func checkConfig() async throws {
        let runner = try CommandRunner()
        let simulator = try await InProcessSimulator(scenario: Self.marginCallScenario)
        try Self.prepare(runner, simulator: simulator)
        let good = try await runner.run(
            ["run", "--config", "mtrules.yaml", "--check-config"], environment: ["MTRULES_TEST_SECRET": "x"])
        #expect(good.status == 0, "\(good.error)")
        #expect(good.output.contains("configuration is valid"))
        try runner.write(
            "rules/desk.rules", "rule desk {\n  on margin\n  when level < 50%\n  webhook nowhere \"{login}\"\n}\n")
        let bad = try await runner.run(
            ["run", "--config", "mtrules.yaml", "--check-config"], environment: ["MTRULES_TEST_SECRET": "x"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("webhook receiver 'nowhere' is used by desk"))
        try runner.write("typo.yaml", "environmnet: sandbox\n")
        let typo = try await runner.run(["run", "--config", "typo.yaml", "--check-config"])
        #expect(typo.status == 2)
        #expect(typo.error.contains("typo.yaml:1:1"))
    }

    @Test("replaying what the service recorded gives the notifications the live service made")
    func replayEqualsLive() async throws {
        let runner = try CommandRunner()
        let simulator = try await InProcessSimulator(scenario: DemoScenario.text)
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
        try runner.write(
            "mtrules.yaml",
            simulator.configuration(
                rules: rules, store: "state/alerts.sqlite",
                extra: """
                    receivers:
                      - name: risk_desk
                        kind: json
                        url: \(simulator.endpoints.sidecarBaseURL)/sim/webhooks/risk_desk
                      - name: dealing
                        kind: json
                        url: \(simulator.endpoints.sidecarBaseURL)/sim/webhooks/dealing
                    """))
        let service = try ServiceProcess(
            runner: runner, arguments: ["run", "--config", "mtrules.yaml", "--record", "live.jsonl"])
        // The demo scenario reaches its large trade about 20 s in; a loaded machine (the whole suite runs in
        // parallel) can take twice that, so the wait is generous (it ends as soon as the alert is delivered).
        try await eventually("the large trade alert", timeout: .seconds(90)) {
            simulator.server.webhooks.deliveries.count >= 2
        }
        try await Task.sleep(for: .seconds(4))
        service.signal(SIGTERM)
        #expect(await service.exitStatus() == 0, "\(service.log)")

        let store = try AlertStore(path: runner.directory.appendingPathComponent("state/alerts.sqlite").path)
        let live = Set(
            try store.alerts().flatMap { try store.history(of: $0.key).events }.compactMap { event -> String? in
                if case .notification(let record) = event { return record.notification.id }
                return nil
            })
        #expect(!live.isEmpty)
        let replay = try await runner.run(["replay", "live.jsonl", "--rules", rules, "--json"])
        #expect(replay.status == 0, "\(replay.error)")
        let document = try JSONSerialization.jsonObject(with: Data(replay.output.utf8)) as? [String: Any]
        let replayed = Set(((document?["notifications"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
        #expect(
            replayed == live, "only live: \(live.subtracting(replayed)); only replay: \(replayed.subtracting(live))")
    }
}
