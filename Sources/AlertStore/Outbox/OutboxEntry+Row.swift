import AlertModel
import GRDB

extension OutboxEntry {
    /// Reads an `outbox` row (`SELECT *`).
    init(row: Row) throws(AlertStoreError) {
        let id: Int64 = row["id"]
        let stateText: String = row["state"]
        guard let state = State(rawValue: stateText) else {
            throw .unreadableRow(table: "outbox", id: "\(id)", reason: "unknown state '\(stateText)'")
        }
        self.init(
            id: id,
            notification: try StoreJSON.decode(
                AlertNotification.self, from: row["notification"], table: "outbox", id: "\(id)"),
            destination: row["destination"], state: state, attempts: row["attempts"],
            createdAt: Timestamp(milliseconds: row["createdAt"]),
            nextAttemptAt: Timestamp(milliseconds: row["nextAttemptAt"]),
            leaseUntil: Timestamp(optionalMilliseconds: row["leaseUntil"]), lastError: row["lastError"],
            deliveredAt: Timestamp(optionalMilliseconds: row["deliveredAt"]),
            finishedAt: Timestamp(optionalMilliseconds: row["finishedAt"]))
    }

    /// Reads the rows of a request on `outbox`.
    static func fetchAll(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    ) throws -> [OutboxEntry] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row throws(AlertStoreError) in
            try OutboxEntry(row: row)
        }
    }

    static func fetchOne(_ db: Database, id: Int64) throws -> OutboxEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).map {
            row throws(AlertStoreError) in try OutboxEntry(row: row)
        }
    }
}

extension Timestamp {
    init?(optionalMilliseconds milliseconds: Int64?) {
        guard let milliseconds else { return nil }
        self.init(milliseconds: milliseconds)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a lease or delay is never shorter than asked.
    var storeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let fraction = attoseconds / 1_000_000_000_000_000 + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? .min : .max) : whole.saturatingAdd(fraction)
    }
}

extension Int64 {
    /// Times near the ends of the range (a test's "far future", a retention of "forever") stay at the end rather
    /// than trap.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other < 0 ? .min : .max) : sum
    }
}
