import AlertModel
import GRDB

/// Retention: months beside a back office must not grow the file without bound.
extension AlertStore {
    /// Removes what finished before `cutoff`: delivered and dropped outbox entries, and log rows older than it.
    ///
    /// Never removes a pending or dead entry, nor the log rows of one (its history stays explainable), nor a pending or
    /// firing alert. Deduplication by notification id reaches back as far as the retention: keep it longer than any
    /// restart could re-derive a notification.
    @discardableResult
    public func prune(before cutoff: Timestamp) throws(AlertStoreError) -> PruneResult {
        try write("pruning records older than \(cutoff)") { db in
            let time = cutoff.milliseconds
            var result = PruneResult()
            try db.execute(
                sql: "DELETE FROM outbox WHERE state IN ('delivered', 'dropped') AND finishedAt < ?", arguments: [time])
            result.outboxEntries = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM delivery_log WHERE at < ? AND outboxId NOT IN (SELECT id FROM outbox)
                    """,
                arguments: [time])
            result.deliveryRecords = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM notification_log WHERE time < ?
                        AND notificationId NOT IN (SELECT notificationId FROM outbox)
                    """,
                arguments: [time])
            result.notifications = db.changesCount
            try db.execute(sql: "DELETE FROM transition_log WHERE at < ?", arguments: [time])
            result.transitions = db.changesCount
            try db.execute(
                sql: "DELETE FROM alert WHERE state IN ('inactive', 'resolved') AND since < ?", arguments: [time])
            result.alerts = db.changesCount
            return result
        }
    }

    /// `prune(before:)` with the cut-off `age` before the store's clock.
    @discardableResult
    public func prune(olderThan age: Duration) throws(AlertStoreError) -> PruneResult {
        try prune(before: Timestamp(milliseconds: clock().milliseconds.saturatingAdd(-max(0, age.storeMilliseconds))))
    }
}
