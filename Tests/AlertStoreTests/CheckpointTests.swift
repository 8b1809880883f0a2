import AlertModel
import Foundation
import Testing

@testable import AlertStore

/// Commits must not wait for the log to be copied into the database file (a checkpoint): the store's checkpointer
/// does that in the background, from its own connection.
@Suite("Checkpoints")
struct CheckpointTests {
    @Test("commits leave the log alone, and the checkpointer copies it into the database file in the background")
    func checkpointsInTheBackground() async throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let store = try AlertStore(path: path, clock: TestClock().source)
        #expect(try store.rawStrings("PRAGMA wal_autocheckpoint") == ["\(Checkpointer.commitCheckpointFrames)"])
        let before = try fileSize(path)
        for batch in 0..<200 {
            try store.record(transitions: [], notifications: Samples.notifications(5, prefix: "b\(batch)-"))
        }
        #expect(try fileSize(path + "-wal") > 0)
        // The checkpointer runs every 250 ms; give it ten seconds on a loaded machine.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let result = store.checkpointer.progress.result, result.logPages > 0,
                result.copiedPages == result.logPages
            {
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let result = try #require(store.checkpointer.progress.result)
        #expect(result.logPages > 0)
        #expect(result.copiedPages == result.logPages)
        #expect(try fileSize(path) > before)
        // What was copied is what was committed.
        #expect(try store.rawStrings("SELECT count(*) FROM outbox") == ["1000"])
    }

    private func fileSize(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
