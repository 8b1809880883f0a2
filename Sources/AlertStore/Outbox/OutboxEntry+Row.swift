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
