import AlertModel
import Foundation
import Testing

@testable import AlertStore

@Suite("Opening and migrating the store file")
struct SchemaTests {
    @Test("a fresh path gets its directory, the file and every table")
    func freshFile() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath(nested: ["var", "mtrules"])
        let store = try AlertStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.alerts().isEmpty)
        #expect(try store.outboxEntries(.all).isEmpty)
        #expect(try store.outboxStatistics().buckets.isEmpty)
    }

    @Test("the file is in WAL mode with fully synced commits")
    func walMode() throws {
        let directory = try TestStoreDirectory()
        let store = try AlertStore(path: directory.storePath())
        #expect(try store.rawStrings("PRAGMA journal_mode") == ["wal"])
        #expect(try store.rawStrings("PRAGMA synchronous") == ["2"])
    }

    @Test("reopening an existing store keeps its data and migrates nothing twice")
    func reopen() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        do {
            let store = try AlertStore(path: path)
            try store.record(transitions: [], notifications: [Samples.notification("a")], ruleSetHash: "h1")
        }
        let reopened = try AlertStore(path: path)
        #expect(try reopened.outboxEntries().map(\.notification.id) == ["a"])
        let applied = try reopened.rawStrings("SELECT identifier FROM grdb_migrations")
        #expect(applied == StoreSchema.migrator.migrations)
    }

    @Test("a file migrated by a newer mtrules is refused with the unknown migrations named")
    func newerSchema() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        try AlertStore(path: path).executeRawSQL(
            "INSERT INTO grdb_migrations (identifier) VALUES ('v9: something from the future')")
        #expect(
            throws: AlertStoreError.schemaTooNew(path: path, unknownMigrations: ["v9: something from the future"])
        ) {
            try AlertStore(path: path)
        }
        let message = AlertStoreError.schemaTooNew(path: path, unknownMigrations: ["v9"]).description
        #expect(message.contains("newer mtrules") && message.contains("Upgrade"))
    }

    @Test("another program's SQLite database is never written to")
    func foreignDatabase() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        try AlertStore(path: path).executeRawSQL("PRAGMA application_id = 42")
        #expect(throws: AlertStoreError.notAnAlertStore(path: path)) { try AlertStore(path: path) }
    }

    @Test("a file that is not a database fails to open with its path in the message")
    func notADatabase() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: AlertStoreError.self) { try AlertStore(path: path) }
        #expect(error.description.contains(path))
    }

    @Test("a directory that cannot be created is reported with the path")
    func unwritableDirectory() throws {
        let directory = try TestStoreDirectory()
        let blocker = directory.storePath("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = try #require(throws: AlertStoreError.self) {
            try AlertStore(path: blocker + "/sub/alerts.sqlite")
        }
        guard case .cannotCreateDirectory(let path, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path.hasSuffix("file/sub"))
    }

    @Test("a temporary store removes its directory when released")
    func temporaryStore() throws {
        var store: AlertStore? = try AlertStore.temporary()
        let path = try #require(store?.path)
        try store?.record(transitions: [], notifications: [Samples.notification("t")], ruleSetHash: nil)
        #expect(FileManager.default.fileExists(atPath: path))
        store = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
