import AlertModel
import GRDB

/// The audit log read back per alert.
extension AlertStore {
    /// The transitions (with their evidence), notifications and delivery attempts of `key`, in time order, from
    /// `since` on when given.
    public func history(of key: AlertKey, since: Timestamp? = nil) throws(AlertStoreError) -> AlertHistory {
        try read("reading the history of \(key)") { db in
            try Self.history(storageKey: key.storageKey, key: key, since: since, db)
                ?? AlertHistory(key: key, alert: nil, events: [])
        }
    }

    /// The histories of the alerts whose key, as an operator types it, is `text` (see `alerts(matching:)`); empty
    /// when the store knows no such alert.
    public func history(matching text: String, since: Timestamp? = nil) throws(AlertStoreError) -> [AlertHistory] {
        try read("reading the history of \(text)") { db in
            let keys = try String.fetchAll(
                db,
                sql: """
                    SELECT key FROM alert WHERE key = ?1 OR display = ?1
                    UNION SELECT alertKey FROM notification_log WHERE alertKey = ?1
                    ORDER BY 1
                    """,
                arguments: [text])
            return try keys.compactMap { storageKey in
                try Self.history(storageKey: storageKey, key: nil, since: since, db)
            }
        }
    }

    private static func history(
        storageKey: String, key: AlertKey?, since: Timestamp?, _ db: Database
    ) throws -> AlertHistory? {
        let from = since?.milliseconds ?? Int64.min
        let alert = try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE key = ?", arguments: [storageKey]).map {
            row throws(AlertStoreError) in try StoredAlert(row: row)
        }
        var events: [AlertHistory.Event] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM transition_log WHERE alertKey = ? AND at >= ?", arguments: [storageKey, from])
        {
            events.append(.transition(try transition(row)))
        }
        var notifications: [NotificationRecord] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT n.*, o.id AS outboxId, o.state AS outboxState FROM notification_log n
                LEFT JOIN outbox o ON o.notificationId = n.notificationId
                WHERE n.alertKey = ? AND n.time >= ?
                """,
            arguments: [storageKey, from])
        {
            notifications.append(try notification(row))
        }
        events += notifications.map { .notification($0) }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM delivery_log WHERE alertKey = ? AND at >= ?", arguments: [storageKey, from])
        {
            events.append(.delivery(try delivery(row)))
        }
        events.sort { ($0.time, $0.rank, $0.sequence) < ($1.time, $1.rank, $1.sequence) }
        guard let key = key ?? alert?.key ?? notifications.first?.notification.key else { return nil }
        return AlertHistory(key: key, alert: alert, events: events)
    }

    private static func transition(_ row: Row) throws(AlertStoreError) -> TransitionRecord {
        let sequence: Int64 = row["seq"]
        let id = "\(sequence)"
        guard let from = AlertState(rawValue: row["fromState"]), let to = AlertState(rawValue: row["toState"]),
            let severity = Severity(rawValue: row["severity"])
        else {
            throw .unreadableRow(table: "transition_log", id: id, reason: "unknown state or severity")
        }
        let evidence: String? = row["evidence"]
        return TransitionRecord(
            sequence: sequence, from: from, to: to, at: Timestamp(milliseconds: row["at"]), severity: severity,
            evidence: try evidence.map { text throws(AlertStoreError) in
                try StoreJSON.decode(Evidence.self, from: text, table: "transition_log", id: id)
            },
            ruleSetHash: row["ruleSetHash"])
    }

    private static func notification(_ row: Row) throws(AlertStoreError) -> NotificationRecord {
        let sequence: Int64 = row["seq"]
        let outboxState: String? = row["outboxState"]
        return NotificationRecord(
            sequence: sequence,
            notification: try StoreJSON.decode(
                AlertNotification.self, from: row["notification"], table: "notification_log", id: "\(sequence)"),
            destination: row["destination"], ruleSetHash: row["ruleSetHash"], outboxID: row["outboxId"],
            outboxState: outboxState.flatMap(OutboxEntry.State.init(rawValue:)))
    }

    private static func delivery(_ row: Row) throws(AlertStoreError) -> DeliveryRecord {
        let sequence: Int64 = row["seq"]
        let outcomeText: String = row["outcome"]
        guard let outcome = DeliveryRecord.Outcome(rawValue: outcomeText) else {
            throw .unreadableRow(table: "delivery_log", id: "\(sequence)", reason: "unknown outcome '\(outcomeText)'")
        }
        return DeliveryRecord(
            sequence: sequence, outboxID: row["outboxId"], notificationID: row["notificationId"],
            destination: row["destination"], attempt: row["attempt"], outcome: outcome, detail: row["detail"],
            at: Timestamp(milliseconds: row["at"]))
    }
}
