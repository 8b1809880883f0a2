import AlertModel
import GRDB

/// The operator's side of the outbox (`mtrules outbox`): look, retry, give up. Every change is in the delivery log.
extension AlertStore {
    /// Entries matching `filter` (and `destination`), oldest first (or newest first, to see what just happened), at
    /// most `limit`.
    public func outboxEntries(
        _ filter: OutboxFilter = .pending, destination: String? = nil, limit: Int = 100, newestFirst: Bool = false
    ) throws(AlertStoreError) -> [OutboxEntry] {
        try read("listing \(filter.rawValue) outbox entries") { db in
            var sql = "SELECT * FROM outbox WHERE \(filter.condition)"
            var arguments = StatementArguments()
            if let destination {
                sql += " AND destination = ?"
                _ = arguments.append(contentsOf: [destination])
            }
            sql += " ORDER BY id \(newestFirst ? "DESC" : "ASC") LIMIT \(max(0, limit))"
            return try OutboxEntry.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// One entry.
    ///
    /// - Throws: `AlertStoreError.unknownOutboxEntry` when there is none with this id.
    public func outboxEntry(_ id: Int64) throws(AlertStoreError) -> OutboxEntry {
        try read("reading outbox entry #\(id)") { db in try Self.existingEntry(id, db) }
    }

    /// Puts a dead, dropped or pending entry back in the queue, due now, keeping its attempt count (so the back-off
    /// continues where it was). A delivered entry is refused: requeueing it would send it twice. A lease a worker
    /// holds on a pending entry is left alone: that worker is sending it right now.
    @discardableResult
    public func requeue(_ id: Int64, reason: String? = nil) throws(AlertStoreError) -> OutboxEntry {
        let now = clock()
        return try write("requeueing outbox entry #\(id)") { db in
            let entry = try Self.existingEntry(id, db)
            guard entry.state != .delivered else {
                throw AlertStoreError.invalidOutboxChange(id: id, state: entry.state, change: "requeue")
            }
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'pending', nextAttemptAt = ?, finishedAt = NULL
                    WHERE id = ?
                    """,
                arguments: [now.milliseconds, id])
            let detail = "was \(entry.state.rawValue)" + (reason.map { ": \($0)" } ?? "")
            try Self.logDelivery(entry, attempt: entry.attempts, outcome: .requeued, detail: detail, at: now, db)
            return try Self.existingEntry(id, db)
        }
    }

    /// Gives up on a pending or dead entry: it will never be sent. `reason` goes to the entry and the delivery log.
    @discardableResult
    public func drop(_ id: Int64, reason: String) throws(AlertStoreError) -> OutboxEntry {
        let now = clock()
        return try write("dropping outbox entry #\(id)") { db in
            let entry = try Self.existingEntry(id, db)
            guard entry.state == .pending || entry.state == .dead else {
                throw AlertStoreError.invalidOutboxChange(id: id, state: entry.state, change: "drop")
            }
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'dropped', lastError = ?, finishedAt = ?, leaseUntil = NULL
                    WHERE id = ?
                    """,
                arguments: [reason, now.milliseconds, id])
            try Self.logDelivery(entry, attempt: entry.attempts, outcome: .dropped, detail: reason, at: now, db)
            return try Self.existingEntry(id, db)
        }
    }
}
