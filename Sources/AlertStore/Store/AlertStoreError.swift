import GRDB

/// Everything the store can fail with. Each message says what failed, on which file or entry, and what to do next,
/// because the reader is an operator at a terminal or a log, not a debugger.
public enum AlertStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store's directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// SQLite could not open the file.
    case cannotOpen(path: String, reason: String)
    /// The file is an SQLite database of something else; the store never writes into a file it did not create.
    case notAnAlertStore(path: String)
    /// A newer mtrules has migrated the file; this one does not know its schema and will not touch it.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// A schema migration failed; the file is left as it was before that migration.
    case migrationFailed(path: String, reason: String)
    /// No outbox entry has this id (it never existed, or retention removed it).
    case unknownOutboxEntry(id: Int64)
    /// The operator asked for a change the entry's state does not allow, e.g. requeueing a delivered entry.
    case invalidOutboxChange(id: Int64, state: OutboxEntry.State, change: String)
    /// A stored row could not be decoded, e.g. a notification written by a different version of the model.
    case unreadableRow(table: String, id: String, reason: String)
    /// SQLite failed during an operation; `code` is SQLite's primary result code.
    case database(operation: String, path: String, code: Int32, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create the alert store directory \(path): \(reason). "
                + "Check the permissions of its parent, or set store.path to a writable location."
        case .cannotOpen(let path, let reason):
            return "cannot open the alert store \(path): \(reason). "
                + "Check that the file is readable and writable by this user and is an mtrules store."
        case .notAnAlertStore(let path):
            return "\(path) is an SQLite database but not an mtrules alert store; refusing to modify it. "
                + "Point store.path at a new file or at an existing mtrules store."
        case .schemaTooNew(let path, let unknown):
            return "the alert store \(path) was written by a newer mtrules (unknown schema migrations: "
                + "\(unknown.joined(separator: ", "))). Upgrade mtrules, or point store.path at another file."
        case .migrationFailed(let path, let reason):
            return "cannot upgrade the schema of the alert store \(path): \(reason). "
                + "The file is unchanged; keep a copy and report this error."
        case .unknownOutboxEntry(let id):
            return "no outbox entry #\(id): it never existed or retention removed it. "
                + "List entries with `mtrules outbox list`."
        case .invalidOutboxChange(let id, let state, let change):
            return "cannot \(change) outbox entry #\(id): it is \(state.rawValue). "
                + "Only pending, dead or dropped entries can be requeued, and only pending or dead ones dropped."
        case .unreadableRow(let table, let id, let reason):
            return "cannot read \(table) row \(id): \(reason). "
                + "It was probably written by a different mtrules version; drop it or upgrade mtrules."
        case .database(let operation, let path, let code, let reason):
            return "alert store \(path): \(operation) failed: \(reason). " + Self.advice(forCode: code)
        }
    }

    /// What an operator can do about an SQLite failure, by its primary result code.
    private static func advice(forCode code: Int32) -> String {
        switch ResultCode(rawValue: code) {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "Another process held the store locked for over 10 s; find it (e.g. a stuck `mtrules outbox`)."
        case .SQLITE_FULL:
            return "The disk is full; free space, then retry (nothing partial was written)."
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return "The file or its directory is not writable by this user; fix the permissions."
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "The file is damaged; stop mtrules, keep a copy, and restore from backup or start a new store."
        case .SQLITE_IOERR:
            return "The disk reported an I/O error; check the device and the file system."
        default:
            return "Retry; if it persists, keep a copy of the file and report this error."
        }
    }
}
