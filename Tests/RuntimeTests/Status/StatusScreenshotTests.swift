import AlertModel
import Dispatch
import Foundation
import RuleEngine
import Runtime
import Testing

/// Renders the status page in a real headless browser through `scripts/status-screenshot.sh`. Runs only where a
/// Chromium is installed (`apt-get install chromium`); set MTRULES_STATUS_SCREENSHOT to keep the PNG somewhere.
@Suite("Status page in a headless browser")
struct StatusScreenshotTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/status-screenshot.sh")

    @Test("Chromium renders the page with firing alerts into a PNG", .enabled(if: chromium != nil))
    func screenshot() async throws {
        let clock = StatusFixtures.Clock()
        let status = StatusServerTests.readyStatus(now: clock.function)
        status.platformConnected(name: "MT5-Live")
        status.platformResynced(name: "MT5-Live", accounts: 64)
        status.eventsReceived(platform: "MT4-Live", stream: "margin")
        for (index, alert) in StatusFixtures.deskAlerts.enumerated() {
            status.notified([
                StatusFixtures.notification(
                    alert.key, text: "\(alert.key.rule) \(alert.key.labels.map(\.value).joined(separator: " "))",
                    at: StatusFixtures.start.adding(milliseconds: Int64(index) * 7000), index: index)
            ])
        }
        status.updateRuleCounters([
            RuleCounter(name: "margin_call", evaluations: 18_422, firings: 3, notifications: 6),
            RuleCounter(name: "large_trade", evaluations: 2_310, firings: 1, notifications: 1),
        ])
        clock.advance(seconds: 42)
        let output =
            ProcessInfo.processInfo.environment["MTRULES_STATUS_SCREENSHOT"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-status-\(UUID().uuidString).png")
            .path
        let result = try await StatusFixtures.withServer(status: status, alerts: { StatusFixtures.deskAlerts }) {
            base in
            try await Self.run(Self.script.path, [base + "/", output])
        }
        #expect(result.status == 0, "the script failed: \(result.errors)")
        let png = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(png.count > 10_000, "a blank page compresses to almost nothing; got \(png.count) bytes")
        if ProcessInfo.processInfo.environment["MTRULES_STATUS_SCREENSHOT"] == nil {
            try? FileManager.default.removeItem(atPath: output)
        }
    }

    /// Runs a process on a Dispatch thread (waiting for it must not block Swift concurrency's threads, which serve the
    /// in-process status server), its standard error in a file so a chatty browser cannot fill a pipe.
    static func run(_ path: String, _ arguments: [String]) async throws -> (status: Int32, errors: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let log = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "mtrules-\(UUID().uuidString).log")
                do {
                    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                    let handle = try FileHandle(forWritingTo: log)
                    defer { try? FileManager.default.removeItem(at: log) }
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: path)
                    process.arguments = arguments
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = handle
                    try process.run()
                    process.waitUntilExit()
                    try handle.close()
                    let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                    continuation.resume(returning: (process.terminationStatus, errors))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
