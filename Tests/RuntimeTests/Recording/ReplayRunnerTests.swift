import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import Runtime
import Testing

@Suite("Replaying a recording through rules")
struct ReplayRunnerTests {
    typealias Support = RecordingTestSupport

    static let marginCall = """
        rule margin_call {
          on margin
          when level < 100%
          for 30s
          by login
          webhook desk "{login} at {level:.0f}%"
          on resolve webhook desk "cleared {login}"
        }
        """

    /// A recording: account 1 falls to 95% at 0 s, the clock ticks at 10 s and 40 s, it recovers at 50 s; end at 60 s.
    func recording(end: Bool = true, extra: String = "") throws -> String {
        let path = Support.scratchPath()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(started: Support.start, host: "h"))
        func at(_ seconds: Int64) -> Timestamp { Support.start.adding(milliseconds: seconds * 1000) }
        writer.write(.margin, payload: Support.margin(login: 1, level: 95), platform: "P", at: at(0))
        writer.clock(at: at(10))
        writer.write(.margin, payload: Support.margin(login: 2, level: 150), platform: "P", at: at(12))
        writer.clock(at: at(40))
        writer.write(.margin, payload: Support.margin(login: 1, level: 130), platform: "P", at: at(50))
        writer.close(endingAt: end ? at(60) : nil)
        if !extra.isEmpty {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(extra.utf8))
            try handle.close()
        }
        return path
    }

    @Test("timers fire at their due time from clock lines; alerts, notifications and counts are reported")
    func firesAndResolves() throws {
        let result = try ReplayRunner().run(try Support.compile(Self.marginCall), path: try recording())
        #expect(
            result.fired.map { "\($0.key) \($0.at.milliseconds - Support.start.milliseconds)" } == [
                "margin_call{login=1}@P 30000"
            ])
        #expect(result.resolved.map { $0.at.milliseconds - Support.start.milliseconds } == [50_000])
        #expect(result.notifications.map(\.text) == ["1 at 95%", "cleared 1"])
        #expect(result.notifications.map(\.destination) == ["webhook desk", "webhook desk"])
        #expect(result.eventsByStream == [.margin: 3])
        #expect(result.endTime == Support.start.adding(milliseconds: 60_000))
        #expect(result.notificationsByChannel == ["webhook desk": 2])
    }

    @Test("the end line runs the timers due before the live run stopped; without it they do not run")
    func endLine() throws {
        let rules = try Support.compile(Self.marginCall)
        let path = Support.scratchPath()
        try Support.write(
            """
            {"mtrules_recording":1,"started":0,"host":"h"}
            {"t":1000,"platform":"P","stream":"margin","source":"hub","payload":\(Support.margin(login: 1, level: 95))}

            """, to: path)
        let cut = try ReplayRunner().run(rules, path: path)
        #expect(cut.fired.isEmpty && cut.endTime == nil)
        #expect(cut.openAlerts.map(\.status.state) == [.pending])
        try Support.write(
            try String(contentsOfFile: path, encoding: .utf8) + #"{"t":40000,"end":true}"# + "\n", to: path)
        let ended = try ReplayRunner().run(rules, path: path)
        #expect(ended.fired.map(\.at.milliseconds) == [31_000])
    }

    @Test("the same recording replays to the same output, byte for byte")
    func deterministic() throws {
        let rules = try Support.compile(Self.marginCall)
        let path = try recording()
        let first = try ReplayRunner().run(rules, path: path)
        let second = try ReplayRunner().run(rules, path: path)
        #expect(first.transitions == second.transitions)
        #expect(first.notifications == second.notifications)
        #expect(!first.notifications.isEmpty)
    }

    @Test("a bad line stops the replay with its line number, or is skipped and counted with skipBadLines")
    func badLines() throws {
        let rules = try Support.compile(Self.marginCall)
        let path = try recording(
            extra: "not json\n" + #"{"t":70000,"platform":"P","stream":"pump","payload":{"connected":7}}"# + "\n")
        let error = try #require(throws: RecordingError.self) { try ReplayRunner().run(rules, path: path) }
        #expect(error.line == 8)
        let skipped = try ReplayRunner(skipBadLines: true).run(rules, path: path)
        #expect(skipped.badLines.map(\.line) == [8])
        #expect(skipped.undecodable == 1, "a payload of the wrong shape is skipped as the live hub client skips it")
        #expect(skipped.notifications.count == 2)
    }

    @Test("progress reports bytes read up to the file's size")
    func progress() throws {
        let path = try recording()
        var reports: [ReplayProgress] = []
        _ = try ReplayRunner(progressEvery: 1).run(try Support.compile(Self.marginCall), path: path) {
            reports.append($0)
        }
        #expect(reports.count >= 6)
        #expect(reports.map(\.bytesRead) == reports.map(\.bytesRead).sorted())
        #expect(reports.last?.fraction == 1)
        #expect(reports.last?.events == 3)
    }

    @Test("comparing two rule sets shows alerts and notifications only in one, and those at different times")
    func comparison() throws {
        let a = try Support.compile(Self.marginCall)
        let b = try Support.compile(
            """
            rule margin_call {
              on margin
              when level < 100%
              for 5s
              by login
              webhook desk "{login} at {level:.0f}%"
            }
            rule rich {
              on margin
              when level > 140%
              webhook desk "{login} is rich"
            }
            """)
        let path = try recording()
        let (comparison, resultA, resultB) = try ReplayRunner().compare(a, b, path: path)
        #expect(resultA.notifications == (try ReplayRunner().run(a, path: path)).notifications)
        #expect(resultB.notifications == (try ReplayRunner().run(b, path: path)).notifications)
        #expect(
            comparison.alertsAtDifferentTimes.map { "\($0.key) \($0.a.milliseconds - $0.b.milliseconds)" } == [
                "margin_call{login=1}@P 25000"
            ], "timers fire at their due time: A at 30 s, B at 5 s")
        #expect(comparison.alertsOnlyInA.isEmpty, "both resolve at 50 s; only A says so")
        #expect(comparison.alertsOnlyInB.map { "\($0.key) \($0.to)" } == ["rich{login=2}@P firing"])
        #expect(comparison.notificationsOnlyInA.map(\.text) == ["cleared 1"])
        #expect(comparison.notificationsOnlyInB.map(\.text) == ["2 is rich"])
        #expect(comparison.notificationsChanged.count == 1)
        #expect(ReplayComparison(a: resultA, b: resultA).isEmpty)
    }
}
