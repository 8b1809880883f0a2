import Foundation
import Testing

@Suite("mtrules demo")
struct DemoCommandTests {
    @Test(
        "within 60 s the demo shows margin calls and large trades firing, mail sent and webhooks received, then exits 0"
    )
    func demoRuns() async throws {
        let runner = try CommandRunner()
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
        let result = try await runner.run(["demo", "--rules", rules, "--duration", "60s"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("hub: connected via WebSockets"))
        #expect(result.output.contains("FIRING   margin_call{login=1002}@MT4-Demo"))
        #expect(result.output.contains("→ mail to 1002: \"Margin call\""))
        #expect(result.output.contains("FIRING   large_trade{order="))
        #expect(result.output.contains("webhook risk_desk received: Margin call 1002"))
        // What fired in the last moment may still be pending when the demo stops: it stays in the outbox.
        #expect(result.output.contains(" 0 dead"))
        let summary = result.output.split(separator: "\n").first { $0.hasPrefix("summary:") } ?? ""
        #expect(summary.contains("MT4 mails") && !summary.contains(" 0 MT4 mails"))
    }

    @Test("rules that do not compile stop the demo with their errors and exit code 2")
    func brokenRules() async throws {
        let runner = try CommandRunner()
        try runner.write("bad/bad.rules", "rule broken {\n  on margin\n  when levle < 100%\n}\n")
        let result = try await runner.run(["demo", "--rules", "bad", "--duration", "5s"])
        #expect(result.status == 2)
        #expect(result.error.contains("bad/bad.rules:3"))
        #expect(result.error.contains("levle"))
    }
}
