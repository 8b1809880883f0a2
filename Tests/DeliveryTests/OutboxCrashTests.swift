import Foundation
import Hummingbird
import Synchronization
import Testing

@Suite("Outbox across a SIGKILL")
struct OutboxCrashTests {
    /// The harness binary SwiftPM built beside this test bundle.
    static var harness: URL {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("DeliveryCrashHarness").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("DeliveryCrashHarness")
    }

    @Test(
        "killed with SIGKILL in the middle of 1,000 notifications and restarted, the receiver gets every one, and each id is accepted once"
    )
    func killedMidBurst() async throws {
        let accepted = Mutex<[String: Int]>([:])
        let receiver = try await LocalWebhookReceiver.start { request, _ in
            // An idempotent receiver: it counts each id, and a repeat changes nothing for it.
            let items = try request.json()["notifications"] as? [[String: Any]] ?? []
            accepted.withLock { seen in
                for id in items.compactMap({ $0["id"] as? String }) { seen[id, default: 0] += 1 }
            }
            // A little latency, so the kill lands with sends in flight.
            try await Task.sleep(for: .milliseconds(2))
            return LocalWebhookReceiver.answer(.ok)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-crash-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("alerts.sqlite").path

        let first = try Self.launch(store: store, url: receiver.baseURL)
        while accepted.withLock({ $0.count }) < 300, first.isRunning {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(first.isRunning, "the first run should still be delivering when it is killed")
        kill(first.processIdentifier, SIGKILL)
        _ = await Self.waitForOutput(first)
        let beforeRestart = accepted.withLock { $0.count }
        #expect(beforeRestart < 1000)

        let second = try Self.launch(store: store, url: receiver.baseURL)
        let output = await Self.waitForOutput(second)
        #expect(second.terminationStatus == 0)
        #expect(output.contains("recorded 0 new"), "the restart must not enqueue notifications already recorded")
        #expect(output.contains("drained"))

        let counts = accepted.withLock { $0 }
        #expect(counts.count == 1000, "every notification arrived")
        // A repeat can only be a send the kill cut off between the receiver's answer and the store's record.
        let repeated = counts.values.filter { $0 > 1 }.count
        #expect(repeated <= 8, "\(repeated) ids arrived more than once; at most the sends in flight may repeat")
    }

    static func launch(store: String, url: String) throws -> Process {
        let process = Process()
        process.executableURL = harness
        process.arguments = [store, url, "1000"]
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits for the process on a Dispatch thread: blocking one of Swift concurrency's threads would starve the
    /// receiver serving the harness in this same test process.
    static func waitForOutput(_ process: Process) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
