import AlertModel
import Foundation
import Testing

@testable import AlertStore

@Suite("Saving the engine's state")
struct EngineStateTests {
    func keyRecord(_ login: Int, _ text: String) -> EngineKeyRecord {
        EngineKeyRecord(storageKey: Samples.marginKey(login).storageKey, rule: "margin_call", data: Data(text.utf8))
    }

    func keyTexts(_ store: AlertStore) throws -> [String] {
        try store.loadEngineState().keys.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a new store has no saved engine state")
    func empty() throws {
        #expect(try AlertStore.temporary().loadEngineState().isEmpty)
    }

    @Test("the snapshot comes back as saved, and saving another replaces it")
    func snapshotRoundTrip() throws {
        let store = try AlertStore.temporary()
        try store.saveEngineSnapshot(Data("first".utf8), ruleSetHash: "h1", at: Timestamp(milliseconds: 10))
        try store.saveEngineSnapshot(Data([0, 1, 2, 255]), ruleSetHash: "h2", at: Timestamp(milliseconds: 20))
        let saved = try store.loadEngineState()
        #expect(saved.snapshot == Data([0, 1, 2, 255]))
        #expect(saved.savedAt == Timestamp(milliseconds: 20) && saved.ruleSetHash == "h2")
        #expect(try store.rawStrings("SELECT count(*) FROM engine_snapshot") == ["1"])
    }

    @Test("key saves ride with the recorded output, a later save of a key replaces the earlier one")
    func keysWithRecord() throws {
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        try store.record(
            transitions: [Samples.transition(key, .inactive, .pending, at: 1)], notifications: [],
            engineKeys: [keyRecord(1001, "pending"), keyRecord(1002, "other")])
        try store.record(
            transitions: [Samples.transition(key, .pending, .firing, at: 2)],
            notifications: [Samples.notification("a")],
            engineKeys: [keyRecord(1001, "firing")])
        #expect(Set(try keyTexts(store)) == ["firing", "other"])
        try store.record(transitions: [], notifications: [], engineKeys: [keyRecord(1002, "alone")])
        #expect(Set(try keyTexts(store)) == ["firing", "alone"], "keys alone are saved too")
    }

    @Test("saving a snapshot drops the key saves it now holds")
    func snapshotClearsKeys() throws {
        let store = try AlertStore.temporary()
        try store.record(transitions: [], notifications: [], engineKeys: [keyRecord(1, "k")])
        try store.saveEngineSnapshot(Data("s".utf8), ruleSetHash: nil, at: Timestamp(milliseconds: 5))
        let saved = try store.loadEngineState()
        #expect(saved.keys.isEmpty && saved.snapshot == Data("s".utf8))
    }

    @Test("a record that fails saves none of its keys")
    func atomicity() throws {
        struct Failure: Error {}
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        #expect(throws: AlertStoreError.self) {
            try store.record(
                transitions: [Samples.transition(key, .pending, .firing, at: 1)],
                notifications: [Samples.notification("n")], ruleSetHash: nil,
                engineKeys: [keyRecord(1001, "firing")], beforeCommit: { _ in throw Failure() })
        }
        #expect(try store.loadEngineState().keys.isEmpty)
        #expect(try store.alerts().isEmpty)
    }

    @Test("a file from before engine state is migrated, keeping its alerts and outbox")
    func migrationFromVersion1() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        do {
            let store = try AlertStore(path: path)
            try store.record(transitions: [], notifications: [Samples.notification("old")], ruleSetHash: nil)
            // Make it the file an mtrules without engine state left behind.
            try store.executeRawSQL(
                """
                DROP TABLE engine_snapshot; DROP TABLE engine_key_state;
                DELETE FROM grdb_migrations WHERE identifier = 'v2: engine state';
                """)
            #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == ["v1: alerts, outbox, audit log"])
        }
        let store = try AlertStore(path: path)
        #expect(try store.rawStrings("SELECT identifier FROM grdb_migrations") == StoreSchema.migrator.migrations)
        #expect(try store.outboxEntries().map(\.notification.id) == ["old"])
        #expect(try store.loadEngineState().isEmpty)
        try store.saveEngineSnapshot(Data("s".utf8), ruleSetHash: nil, at: Timestamp(milliseconds: 1))
        #expect(try store.loadEngineState().snapshot == Data("s".utf8))
    }
}
