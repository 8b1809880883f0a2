import AlertModel
import GRDB

/// Current alert states, for `mtrules alerts` and the status page.
extension AlertStore {
    /// Alerts in any of `states` (all when nil), by rule then key.
    public func alerts(in states: Set<AlertState>? = nil) throws(AlertStoreError) -> [StoredAlert] {
        try read("listing alerts") { db in
            var sql = "SELECT * FROM alert"
            var arguments = StatementArguments()
            if let states {
                guard !states.isEmpty else { return [] }
                sql += " WHERE state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(states.map(\.rawValue))
            }
            sql += " ORDER BY rule, key"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row throws(AlertStoreError) in
                try StoredAlert(row: row)
            }
        }
    }

    /// Alerts that are firing or pending: the ones that need attention.
    public func activeAlerts() throws(AlertStoreError) -> [StoredAlert] {
        try alerts(in: [.firing, .pending])
    }

    /// One alert, or nil when the store has never seen it.
    public func alert(_ key: AlertKey) throws(AlertStoreError) -> StoredAlert? {
        try read("reading alert \(key)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE key = ?", arguments: [key.storageKey]).map {
                row throws(AlertStoreError) in try StoredAlert(row: row)
            }
        }
    }

    /// Alerts whose key, as an operator types it (`margin_call{login=1001}@MT4-Live`), is `text`: usually one, none
    /// when unknown, several only when label values contain the key syntax's own characters.
    public func alerts(matching text: String) throws(AlertStoreError) -> [StoredAlert] {
        try read("finding alert \(text)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alert WHERE key = ?1 OR display = ?1 ORDER BY key = ?1 DESC, key",
                arguments: [text]
            ).map { row throws(AlertStoreError) in try StoredAlert(row: row) }
        }
    }
}
