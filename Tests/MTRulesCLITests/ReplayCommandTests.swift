import Foundation
import Testing

@Suite("mtrules replay")
struct ReplayCommandTests {
    static let rules = """
        rule margin_call {
          on margin
          when level < 100%
          for 30s
          by login
          severity critical
          webhook desk "{login} at {level:.0f}%"
          on resolve webhook desk "cleared {login}"
        }
        """

    static func margin(_ login: Int, _ level: Int) -> String {
        #"{"login":\#(login),"group":"real-A","leverage":100,"updated":0,"balance":1000,"equity":\#(level * 10),"#
            + #""volumeLots":1,"margin":1000,"free":0,"level":\#(level),"controllingType":0,"levelType":0}"#
    }

    /// Account 1 at 95% from 0 s, a clock tick at 40 s, recovered at 50 s, end at 60 s (times from 2026-01-05 00:00).
    static let recording =
        [
            #"{"mtrules_recording":1,"started":1767571200000,"host":"risk-1"}"#,
            #"{"t":1767571200000,"platform":"P","stream":"margin","source":"hub","payload":\#(margin(1, 95))}"#,
            #"{"t":1767571240000,"clock":true}"#,
            #"{"t":1767571250000,"platform":"P","stream":"margin","source":"hub","payload":\#(margin(1, 130))}"#,
            #"{"t":1767571260000,"end":true}"#,
        ].joined(separator: "\n") + "\n"

    @Test("prints what would have fired in time order, then a summary")
    func timeline() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        try cli.write("rec.jsonl", Self.recording)
        let result = try await cli.run("replay", "rec.jsonl", "--rules", "rules")
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.output.hasPrefix(
                """
                2026-01-05T00:00:30.000Z  firing    margin_call{login=1}@P  critical
                2026-01-05T00:00:30.000Z    → webhook desk: 1 at 95%
                2026-01-05T00:00:50.000Z  resolved  margin_call{login=1}@P
                2026-01-05T00:00:50.000Z    → webhook desk: cleared 1

                events: 2 (margin 2)
                alerts: 1 fired, 1 resolved, 0 still firing at the end
                notifications: 2 (webhook desk 2)
                recording: 2026-01-05T00:00:00.000Z to 2026-01-05T00:01:00.000Z
                replayed in
                """), "\(result.output)")
        #expect(result.error.isEmpty)
    }

    @Test("--json prints one document with the alerts, notifications and counts")
    func json() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        try cli.write("rec.jsonl", Self.recording)
        let result = try await cli.run("replay", "rec.jsonl", "--rules", "rules", "--json")
        #expect(result.status == 0)
        let document = try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let alerts = try #require(document["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["state"] as? String } == ["firing", "resolved"])
        #expect(alerts.first?["time"] as? String == "2026-01-05T00:00:30.000Z")
        #expect(
            (document["notifications"] as? [[String: Any]])?.map { $0["text"] as? String } == ["1 at 95%", "cleared 1"])
        #expect(document["events"] as? [String: Int] == ["margin": 2])
    }

    @Test("--compare shows what only one rule set does and what both do at different times")
    func compare() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        try cli.write(
            "strict/margin.rules",
            Self.rules.replacingOccurrences(of: "for 30s", with: "for 10s").replacingOccurrences(
                of: "  on resolve webhook desk \"cleared {login}\"\n", with: ""))
        try cli.write("rec.jsonl", Self.recording)
        let result = try await cli.run("replay", "rec.jsonl", "--rules", "rules", "--compare", "strict")
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.output == """
                A: rules
                B: strict
                over 2 events

                alerts at different times (1):
                  firing  margin_call{login=1}@P: A 2026-01-05T00:00:30.000Z, B 2026-01-05T00:00:10.000Z (-20.000 s)

                notifications only in A (1):
                  2026-01-05T00:00:50.000Z  webhook desk: cleared 1

                notifications that differ (1):
                  A 2026-01-05T00:00:30.000Z  webhook desk: 1 at 95%
                  B 2026-01-05T00:00:10.000Z  webhook desk: 1 at 95%

                A: 1 fired, 1 resolved, 2 notifications; B: 1 fired, 1 resolved, 1 notifications

                """)
    }

    @Test("a bad line exits 2 naming file and line; --skip-bad-lines replays the rest")
    func badLine() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        var lines = Self.recording.split(separator: "\n").map(String.init)
        lines.insert(#"{"t":1767571201000,"platform":"P","stream":"margn","payload":{}}"#, at: 2)
        try cli.write("rec.jsonl", lines.joined(separator: "\n") + "\n")
        let stopped = try await cli.run("replay", "rec.jsonl", "--rules", "rules")
        #expect(stopped.status == 2)
        #expect(stopped.error.hasPrefix("rec.jsonl:3: error: unknown stream \"margn\""), "\(stopped.error)")
        #expect(stopped.error.contains("--skip-bad-lines"))
        let skipped = try await cli.run("replay", "rec.jsonl", "--rules", "rules", "--skip-bad-lines")
        #expect(skipped.status == 0)
        #expect(skipped.error.hasPrefix("skipped: rec.jsonl:3: error: unknown stream"))
        #expect(skipped.output.contains("events: 2 (margin 2), 1 bad lines skipped"))
    }

    @Test("rules that do not compile exit 1 with diagnostics; a missing recording exits 2")
    func errors() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/bad.rules", "rule a {\n  on margin\n  when levl < 100%\n  log \"x\"\n}\n")
        try cli.write("rec.jsonl", Self.recording)
        let bad = try await cli.run("replay", "rec.jsonl", "--rules", "rules")
        #expect(bad.status == 1)
        #expect(bad.error.contains("rules/bad.rules:3:8: error: unknown field 'levl'"), "\(bad.error)")
        try cli.write("good/margin.rules", Self.rules)
        let missing = try await cli.run("replay", "nope.jsonl", "--rules", "good")
        #expect(missing.status == 2)
        #expect(missing.error == "nope.jsonl: error: no such file\n")
    }
}
