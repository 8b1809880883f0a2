import AlertModel
import GRDB

extension StoredAlert {
    /// Reads an `alert` row (`SELECT *`).
    init(row: Row) throws(AlertStoreError) {
        let key: String = row["key"]
        let stateText: String = row["state"]
        let severityText: String = row["severity"]
        guard let state = AlertState(rawValue: stateText), let severity = Severity(rawValue: severityText) else {
            throw .unreadableRow(
                table: "alert", id: key, reason: "unknown state '\(stateText)' or severity '\(severityText)'")
        }
        let labels = try StoreJSON.decode([AlertKey.Label].self, from: row["labels"], table: "alert", id: key)
        let evidenceText: String? = row["evidence"]
        self.init(
            key: AlertKey(rule: row["rule"], platform: row["platform"], labels: labels), state: state,
            severity: severity, since: Timestamp(milliseconds: row["since"]),
            activeSince: Timestamp(optionalMilliseconds: row["activeSince"]),
            evidence: try evidenceText.map { text throws(AlertStoreError) in
                try StoreJSON.decode(Evidence.self, from: text, table: "alert", id: key)
            },
            ruleSetHash: row["ruleSetHash"], lastNotifiedAt: Timestamp(optionalMilliseconds: row["lastNotifiedAt"]))
    }
}
