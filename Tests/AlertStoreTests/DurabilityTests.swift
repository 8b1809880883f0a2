import AlertModel
import Foundation
import Synchronization
import Testing

@testable import AlertStore

@Suite("Durability, concurrency and retention")
struct DurabilityTests {
    @Test("a second store opened on a file whose first store was never closed sees every commit")
    func uncleanReopen() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let clock = TestClock()
        let first = try AlertStore(path: path, clock: clock.source)
        try first.record(
            transitions: [Samples.transition(Samples.marginKey(1), .pending, .firing, at: 1)],
            notifications: Samples.notifications(50))
        let claimed = try first.claimDue(now: clock.now, limit: 1, lease: .seconds(60))
        #expect(claimed.count == 1)
        // `first` stays open, as a killed process's connection would.
        let second = try AlertStore(path: path)
        #expect(try second.outboxEntries(.all).count == 50)
        #expect(try second.alert(Samples.marginKey(1))?.state == .firing)
        let leased = try #require(claimed.first)
        #expect(try second.outboxEntry(leased.id).leaseUntil == clock.now.adding(milliseconds: 60_000))
        _ = first
    }

    @Test("the files as a kill leaves them (database and WAL copied while open) hold every commit")
    func killedProcessFiles() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let store = try AlertStore(path: path)
        for batch in 0..<10 {
            try store.record(transitions: [], notifications: Samples.notifications(20, prefix: "b\(batch)"))
        }
        let wal = path + "-wal"
        #expect(FileManager.default.fileExists(atPath: wal), "commits still in the WAL, not checkpointed")
        let copy = directory.storePath("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: wal, toPath: copy + "-wal")
        let recovered = try AlertStore(path: copy)
        #expect(try recovered.outboxEntries(.all, limit: 1_000).count == 200)
        #expect(
            try recovered.record(transitions: [], notifications: Samples.notifications(20, prefix: "b9"))
                .duplicateNotifications.count == 20)
        _ = store
    }

    @Test("two claimers on separate connections never get the same entry")
    func concurrentClaimers() async throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let seeding = try AlertStore(path: path)
        try seeding.record(transitions: [], notifications: Samples.notifications(500))
        let stores = [seeding, try AlertStore(path: path), try AlertStore(path: path)]
        let now = Timestamp(milliseconds: Int64.max / 2)
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<6 {
                let store = stores[worker % stores.count]
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try store.claimDue(now: now, limit: 7, lease: .seconds(600))
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
        }
        let all = claims.flatMap { $0 }
        #expect(all.count == 500)
        #expect(Set(all).count == 500)
    }

    @Test("many writers and a delivering worker in parallel: every notification delivered exactly once")
    func writersAndWorker() async throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let store = try AlertStore(path: path)
        let writers = 8
        let batches = 25
        let perBatch = 10
        let total = writers * batches * perBatch
        let now = Timestamp(milliseconds: Int64.max / 2)
        let deliveredIDs = try await withThrowingTaskGroup(of: [String].self) { group in
            for writer in 0..<writers {
                // Half the writers use their own connection, like a second process.
                let writerStore = writer.isMultiple(of: 2) ? store : try AlertStore(path: path)
                group.addTask {
                    for batch in 0..<batches {
                        let notifications = Samples.notifications(perBatch, prefix: "w\(writer)-b\(batch)")
                        // Every batch is recorded twice, as a restarted engine might: the copy must change nothing.
                        try writerStore.record(transitions: [], notifications: notifications)
                        try writerStore.record(transitions: [], notifications: notifications)
                    }
                    return []
                }
            }
            group.addTask {
                var delivered: [String] = []
                while delivered.count < total {
                    let batch = try store.claimDue(now: now, limit: 16, lease: .seconds(600))
                    if batch.isEmpty { await Task.yield() }
                    for entry in batch {
                        try store.markDelivered(entry.id, at: now)
                        delivered.append(entry.notification.id)
                    }
                }
                return delivered
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(deliveredIDs.count == total)
        #expect(Set(deliveredIDs).count == total)
        let statistics = try store.outboxStatistics()
        #expect(statistics.count(.delivered) == total && statistics.count(.pending) == 0)
    }

    @Test("retention removes finished entries and old logs, never pending or dead ones")
    func prune() throws {
        let clock = TestClock(1_000)
        let store = try AlertStore.temporary(clock: clock.source)
        let old = Samples.marginKey(1)
        let live = Samples.marginKey(2)
        try store.record(
            transitions: [
                Samples.transition(old, .firing, .resolved, at: 1_000),
                Samples.transition(live, .pending, .firing, at: 1_000),
            ],
            notifications: [
                Samples.notification("delivered", key: old, at: 1_000),
                Samples.notification("dead", key: old, at: 1_000),
                Samples.notification("pending", key: live, at: 1_000),
                Samples.notification("dropped", key: old, at: 1_000),
            ])
        let entries = try store.outboxEntries(.all)
        try store.markDelivered(entries[0].id, at: clock.now)
        try store.deadLetter(entries[1].id, at: clock.now, reason: "HTTP 400")
        try store.drop(entries[3].id, reason: "not needed")

        clock.advance(by: 10 * 86_400_000)
        let result = try store.prune(olderThan: .seconds(86_400))
        #expect(result.outboxEntries == 2)
        #expect(result.alerts == 1)
        #expect(result.transitions == 2)
        #expect(result.notifications == 2)
        #expect(result.deliveryRecords == 2)
        #expect(try store.outboxEntries(.all).map(\.notification.id) == ["dead", "pending"])
        #expect(try store.alerts().map(\.key) == [live])
        let deadHistory = try store.history(of: old)
        #expect(deadHistory.events.count == 2, "the dead letter's notification and attempt stay explainable")
        #expect(try store.prune(olderThan: .seconds(86_400)).total == 0)
    }
}
