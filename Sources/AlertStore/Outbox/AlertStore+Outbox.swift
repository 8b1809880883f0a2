import AlertModel
import GRDB

/// The delivery worker's side of the outbox: claim what is due, then report how each attempt went.
extension AlertStore {
    /// Takes up to `limit` due entries, oldest first, and leases them to the caller until `now + lease`.
    ///
    /// An entry is due when it is pending, its `nextAttemptAt` has come and no live lease holds it. Claiming is one
    /// write transaction, so two workers (or two processes) never get the same entry; a worker that dies leaves its
    /// lease to run out, after which the entry is claimed again. The lease must outlast one delivery attempt, or a
    /// slow attempt may be repeated by another worker.
    public func claimDue(
        now: Timestamp, limit: Int, destination: String? = nil, lease: Duration
    ) throws(AlertStoreError) -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        let leaseUntil = now.milliseconds.saturatingAdd(max(1, lease.storeMilliseconds))
        return try write("claiming due outbox entries") { db in
            var sql = """
                SELECT * FROM outbox
                WHERE state = 'pending' AND nextAttemptAt <= ?1 AND (leaseUntil IS NULL OR leaseUntil <= ?1)
                """
            var arguments: StatementArguments = [now.milliseconds]
            if let destination {
                sql += " AND destination = ?2"
                _ = arguments.append(contentsOf: [destination])
            }
            sql += " ORDER BY id LIMIT \(limit)"
            let entries = try OutboxEntry.fetchAll(db, sql: sql, arguments: arguments)
            let ids = entries.map(\.id)
            guard !ids.isEmpty else { return [] }
            try db.execute(
                sql: "UPDATE outbox SET leaseUntil = ? WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments([leaseUntil] + ids))
            return entries.map { entry in
                var entry = entry
                entry.leaseUntil = Timestamp(milliseconds: leaseUntil)
                return entry
            }
        }
    }

    /// Records that the receiver accepted the entry. Marking a delivered entry again changes nothing; an entry an
    /// operator dropped meanwhile is marked delivered all the same, because it was.
    @discardableResult
    public func markDelivered(
        _ id: Int64, at time: Timestamp, detail: String? = nil
    ) throws(AlertStoreError)
        -> OutboxEntry
    {
        try write("marking outbox entry #\(id) delivered") { db in
            let entry = try Self.existingEntry(id, db)
            guard entry.state != .delivered else { return entry }
            let attempt = entry.attempts + 1
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'delivered', attempts = ?, deliveredAt = ?, finishedAt = ?,
                        leaseUntil = NULL
                    WHERE id = ?
                    """,
                arguments: [attempt, time.milliseconds, time.milliseconds, id])
            try Self.logDelivery(entry, attempt: attempt, outcome: .delivered, detail: detail, at: time, db)
            return try Self.existingEntry(id, db)
        }
    }

    /// Records a failed attempt worth retrying and when to try again; the lease is released. If the entry is no
    /// longer pending (an operator dropped it meanwhile) only the attempt is recorded.
    @discardableResult
    public func scheduleRetry(
        _ id: Int64, at time: Timestamp, nextAttemptAt: Timestamp, error: String
    ) throws(AlertStoreError) -> OutboxEntry {
        try write("scheduling a retry of outbox entry #\(id)") { db in
            let entry = try Self.existingEntry(id, db)
            let attempt = entry.attempts + 1
            if entry.state == .pending {
                try db.execute(
                    sql: """
                        UPDATE outbox SET attempts = ?, nextAttemptAt = ?, lastError = ?, leaseUntil = NULL
                        WHERE id = ?
                        """,
                    arguments: [attempt, nextAttemptAt.milliseconds, error, id])
            } else {
                try db.execute(sql: "UPDATE outbox SET attempts = ? WHERE id = ?", arguments: [attempt, id])
            }
            try Self.logDelivery(
                entry, attempt: attempt, outcome: .retryScheduled,
                detail: "\(error) (next attempt at \(nextAttemptAt))", at: time, db)
            return try Self.existingEntry(id, db)
        }
    }

    /// Records a final failure: the entry becomes a dead letter with `reason`, kept until an operator requeues or
    /// drops it. If it is no longer pending only the attempt is recorded.
    @discardableResult
    public func deadLetter(_ id: Int64, at time: Timestamp, reason: String) throws(AlertStoreError) -> OutboxEntry {
        try write("dead-lettering outbox entry #\(id)") { db in
            let entry = try Self.existingEntry(id, db)
            let attempt = entry.attempts + 1
            if entry.state == .pending {
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'dead', attempts = ?, lastError = ?, finishedAt = ?, leaseUntil = NULL
                        WHERE id = ?
                        """,
                    arguments: [attempt, reason, time.milliseconds, id])
            } else {
                try db.execute(sql: "UPDATE outbox SET attempts = ? WHERE id = ?", arguments: [attempt, id])
            }
            try Self.logDelivery(entry, attempt: attempt, outcome: .deadLettered, detail: reason, at: time, db)
            return try Self.existingEntry(id, db)
        }
    }

    /// The destinations that have pending entries, sorted: one worker loop per destination.
    public func destinations() throws(AlertStoreError) -> [String] {
        try read("listing outbox destinations") { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT destination FROM outbox WHERE state = 'pending' ORDER BY destination")
        }
    }

    /// When the next pending entry (of `destination`, or any) becomes claimable: its `nextAttemptAt`, or the end of
    /// its lease if one holds it. Nil when nothing is pending, so a worker can sleep until told of new entries.
    public func nextDueTime(destination: String? = nil) throws(AlertStoreError) -> Timestamp? {
        try read("finding the next due outbox entry") { db in
            let filter = destination == nil ? "" : " AND destination = ?"
            let arguments: StatementArguments = destination.map { [$0] } ?? []
            let due = try Int64.fetchOne(
                db,
                sql: """
                    SELECT min(max(nextAttemptAt, coalesce(leaseUntil, nextAttemptAt))) FROM outbox
                    WHERE state = 'pending'\(filter)
                    """,
                arguments: arguments)
            return due.map { Timestamp(milliseconds: $0) }
        }
    }

    static func existingEntry(_ id: Int64, _ db: Database) throws -> OutboxEntry {
        guard let entry = try OutboxEntry.fetchOne(db, id: id) else { throw AlertStoreError.unknownOutboxEntry(id: id) }
        return entry
    }

    /// Appends to the delivery log: the attempt number, what came of it and when.
    static func logDelivery(
        _ entry: OutboxEntry, attempt: Int, outcome: DeliveryRecord.Outcome, detail: String?, at time: Timestamp,
        _ db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO delivery_log (outboxId, notificationId, alertKey, destination, attempt, outcome, detail, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.id, entry.notification.id, entry.notification.key.storageKey, entry.destination, attempt,
                outcome.rawValue, detail, time.milliseconds,
            ])
    }
}
