import AlertModel
import Foundation
import Testing

@testable import AlertStore

/// A real SIGKILL: the test binary runs itself as a child that records batches as fast as it can and reports each
/// commit; the parent kills it mid-stream and checks the file holds every reported batch, each one whole.
@Suite("A store killed with SIGKILL")
struct KillTests {
    static let childVariable = "MTRULES_ALERTSTORE_KILL_CHILD"
    static let batchSize = 10

    /// The child's side; does nothing in an ordinary run.
    @Test("child: record batches until killed")
    func childWriter() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let store = try AlertStore(path: path)
        for batch in 0... {
            let notifications = Samples.notifications(Self.batchSize, prefix: "k\(batch)")
            try store.record(
                transitions: notifications.map { Samples.transition($0.key, .pending, .firing, at: Int64(batch)) },
                notifications: notifications)
            FileHandle.standardOutput.write(Data("committed \(batch)\n".utf8))
        }
    }

    #if os(Linux)
        @Test("every batch reported committed before the kill is there, and no batch is there in part")
        func killMidStream() async throws {
            let directory = try TestStoreDirectory()
            let path = directory.storePath()
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["--testing-library", "swift-testing", "--filter", "childWriter"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
            let output = Pipe()
            child.standardOutput = output
            child.standardError = FileHandle.nullDevice
            try child.run()

            // Reading the child blocks: it happens on a Dispatch thread, so the tests running in parallel keep Swift
            // concurrency's few threads.
            let lastReported = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    var lastReported = -1
                    var buffer = ""
                    let deadline = ContinuousClock.now + .seconds(60)
                    while lastReported < 30, ContinuousClock.now < deadline {
                        let data = output.fileHandleForReading.availableData
                        if data.isEmpty { break }
                        buffer += String(decoding: data, as: UTF8.self)
                        for line in buffer.split(separator: "\n") where line.hasPrefix("committed ") {
                            lastReported = max(lastReported, Int(line.dropFirst("committed ".count)) ?? -1)
                        }
                    }
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    continuation.resume(returning: lastReported)
                }
            }
            #expect(child.terminationReason == .uncaughtSignal)
            try #require(lastReported >= 30, "the child reported \(lastReported + 1) commits before the deadline")

            let store = try AlertStore(path: path)
            let entries = try store.outboxEntries(.all, limit: 1_000_000)
            var perBatch: [Int: Int] = [:]
            for entry in entries {
                let batch = Int(entry.notification.id.dropFirst().prefix { $0 != "-" }) ?? -1
                perBatch[batch, default: 0] += 1
            }
            for batch in 0...lastReported {
                #expect(perBatch[batch] == Self.batchSize, "batch \(batch) was reported committed")
            }
            #expect(perBatch.values.allSatisfy { $0 == Self.batchSize }, "no batch is stored in part")
            #expect(try store.alerts().count == Self.batchSize, "one alert per account, updated by every batch")
        }
    #endif
}
