import AlertModel
import GRDB

extension AlertStore {
    /// Counts by destination and state, for `/metrics`. Reads a snapshot, never waits for writers.
    public func outboxStatistics() throws(AlertStoreError) -> OutboxStatistics {
        try read("counting outbox entries") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT destination, state, count(*) AS count FROM outbox
                    GROUP BY destination, state ORDER BY destination, state
                    """)
            let buckets = rows.compactMap { row -> OutboxStatistics.Bucket? in
                guard let state = OutboxEntry.State(rawValue: row["state"]) else { return nil }
                return OutboxStatistics.Bucket(destination: row["destination"], state: state, count: row["count"])
            }
            let pending = try Row.fetchOne(
                db,
                sql: """
                    SELECT sum(attempts > 0) AS failing, min(createdAt) AS oldest FROM outbox
                    WHERE state = 'pending'
                    """)
            return OutboxStatistics(
                buckets: buckets, failing: pending?["failing"] ?? 0,
                oldestPendingCreatedAt: Timestamp(optionalMilliseconds: pending?["oldest"]))
        }
    }

    /// Pending entries (of `destination`, or all): cheap enough for a worker to ask often, unlike the full
    /// statistics, which count every delivered entry too.
    public func pendingCount(destination: String? = nil) throws(AlertStoreError) -> Int {
        try read("counting pending outbox entries") { db in
            if let destination {
                return try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending' AND destination = ?",
                    arguments: [destination]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0
        }
    }

    /// Dead letters waiting for an operator.
    public func deadLetterCount() throws(AlertStoreError) -> Int {
        try read("counting dead letters") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'dead'") ?? 0
        }
    }
}
