import Foundation
import RuleLanguage
import Synchronization
import Testing

@testable import Runtime

@Suite("Rule file watcher")
struct RuleFileWatcherTests {
    enum Heard: Sendable, Equatable {
        case installed(rules: [String], reason: String)
        case refused(reason: String, firstDiagnostic: String)
    }

    /// What the watcher said, in order.
    final class Log: Sendable {
        private let entries = Mutex<[Heard]>([])

        func add(_ heard: Heard) { entries.withLock { $0.append(heard) } }

        /// The `count` first entries once there are that many; nil after 90 s, so a broken watcher fails instead of
        /// hanging the run (the whole suite shares 2 cores: a generous limit costs a passing test nothing). The
        /// watcher polls the files on its own clock: there is no clock to inject.
        func first(_ count: Int) async throws -> [Heard]? {
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                let now = entries.withLock { $0 }
                if now.count >= count { return Array(now.prefix(count)) }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
    }

    @Test("a changed rule file is compiled and installed; a broken one is refused with file:line:col")
    func reloadsOnChange() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-watch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("desk.rules")
        try "rule first {\n  on margin\n  when level < 50%\n  log \"{login}\"\n}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let log = Log()
        let watcher = RuleFileWatcher(
            paths: [directory.path], watchFiles: true, pollInterval: .milliseconds(50),
            install: { ruleSet, reason in log.add(.installed(rules: ruleSet.rules.map(\.name), reason: reason)) },
            refused: { reason, diagnostics in log.add(.refused(reason: reason, firstDiagnostic: diagnostics[0])) })
        let running = Task { try await watcher.run() }
        defer { running.cancel() }

        try "rule second {\n  on margin\n  when level < 40%\n  log \"{login}\"\n}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let installed = try await log.first(1)
        #expect(installed == [.installed(rules: ["second"], reason: "rule files changed")])

        try "rule third {\n  on margin\n  when levle < 40%\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let heard = try #require(try await log.first(2))
        guard case .refused(let reason, let diagnostic) = heard[1] else {
            Issue.record("expected a refusal, heard \(heard[1])")
            return
        }
        #expect(reason == "rule files changed")
        #expect(diagnostic.hasPrefix(file.path + ":3:8: error:"), "\(diagnostic)")
    }
}
