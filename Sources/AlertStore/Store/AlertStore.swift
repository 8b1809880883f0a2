import AlertModel
import Foundation
import GRDB

/// The durable memory of mtrules: current alert states, the notification outbox and the audit log, in one SQLite file.
///
/// Every write is one SQLite transaction committed with `synchronous = FULL` in WAL mode, so a SIGKILL (or a power
/// cut) at any moment leaves either all of a batch or none of it. Several stores, in one process or several (the
/// service and an operator's `mtrules outbox`), may open the same file: SQLite serialises their writes. Commits leave
/// checkpointing the log to a `Checkpointer`, in the background.
public final class AlertStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let checkpointer: Checkpointer
    /// Where "now" comes from for the times the store stamps itself (when a notification entered the outbox, an
    /// operator's requeue); injected so tests and replays stay deterministic.
    let clock: @Sendable () -> Timestamp
    /// Removed when the store goes away; set only for `temporary()` stores.
    private let ownedDirectory: URL?

    /// Opens the store at `path`, creating the file and its directory when missing, and brings its schema up to date.
    ///
    /// - Throws: `AlertStoreError.schemaTooNew` when a newer mtrules has migrated the file, so this one never writes a
    ///   schema it does not understand; `.cannotCreateDirectory` / `.cannotOpen` with the path and the cause.
    public convenience init(
        path: String, clock: @escaping @Sendable () -> Timestamp = AlertStore.wallClock
    ) throws(AlertStoreError) {
        try self.init(path: path, clock: clock, ownedDirectory: nil)
    }

    init(
        path: String, clock: @escaping @Sendable () -> Timestamp, ownedDirectory: URL?
    ) throws(AlertStoreError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: Self.describe(error))
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        try StoreSchema.migrate(pool, path: path)
        do {
            checkpointer = try Checkpointer(path: path, configuration: Self.configuration(waitsForLocks: false))
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        self.path = path
        self.pool = pool
        self.clock = clock
        self.ownedDirectory = ownedDirectory
    }

    /// A store in a fresh temporary directory, deleted when the store is released: for tests and demos.
    public static func temporary(
        clock: @escaping @Sendable () -> Timestamp = AlertStore.wallClock
    ) throws(AlertStoreError) -> AlertStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mtrules-store-\(UUID().uuidString)", isDirectory: true)
        return try AlertStore(
            path: directory.appendingPathComponent("alerts.sqlite").path, clock: clock, ownedDirectory: directory)
    }

    deinit {
        checkpointer.stop()
        guard let ownedDirectory else { return }
        try? pool.close()
        try? FileManager.default.removeItem(at: ownedDirectory)
    }

    /// The system's wall clock, in milliseconds.
    public static let wallClock: @Sendable () -> Timestamp = {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }

    /// - Parameter waitsForLocks: whether to wait for a lock another connection holds (the store's own) or to give up
    ///   at once (the checkpointer's: a checkpoint that waited would hold writers back meanwhile).
    private static func configuration(waitsForLocks: Bool = true) -> Configuration {
        var configuration = Configuration()
        configuration.label = waitsForLocks ? "AlertStore" : "AlertStore checkpoints"
        // Another process (an operator's CLI) may hold the write lock for a moment: wait for it rather than fail.
        configuration.busyMode = waitsForLocks ? .timeout(10) : .immediateError
        configuration.prepareDatabase { db in
            // WAL's default (NORMAL) survives a process kill but may lose the last commits on power loss; the outbox
            // promises a committed notification is never lost, so every commit is synced.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // A commit that checkpoints waits for the copy and a sync of the database file, so the `Checkpointer`
            // does it; commits do only once the log is far past the checkpointer's limit, which a writer saturating
            // the disk for minutes may get it to, so the log stays bounded.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Checkpointer.commitCheckpointFrames)")
        }
        return configuration
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message.map { "\($0) (\(error.resultCode))" } ?? "\(error.resultCode)"
        }
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}
