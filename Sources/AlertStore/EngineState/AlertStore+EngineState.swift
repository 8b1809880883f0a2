import AlertModel
import Foundation
import GRDB

extension AlertStore {
    /// Replaces the saved engine snapshot and, in the same transaction, drops every saved key: the snapshot holds
    /// them now, so a crash at any moment leaves either the old snapshot with its keys or the new one alone.
    public func saveEngineSnapshot(_ data: Data, ruleSetHash: String?, at time: Timestamp) throws(AlertStoreError) {
        try write("saving the engine snapshot (\(data.count) bytes)") { db in
            try db.execute(
                sql: """
                    INSERT INTO engine_snapshot (id, savedAt, ruleSetHash, data) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        savedAt = excluded.savedAt, ruleSetHash = excluded.ruleSetHash, data = excluded.data
                    """,
                arguments: [time.milliseconds, ruleSetHash, data])
            try db.execute(sql: "DELETE FROM engine_key_state")
        }
    }

    /// The saved engine state, read in one consistent view.
    public func loadEngineState() throws(AlertStoreError) -> SavedEngineState {
        try read("loading the saved engine state") { db in
            let snapshot = try Row.fetchOne(db, sql: "SELECT savedAt, ruleSetHash, data FROM engine_snapshot")
            let keys = try Data.fetchAll(db, sql: "SELECT data FROM engine_key_state ORDER BY savedAt, rowid")
            return SavedEngineState(
                snapshot: snapshot?["data"], savedAt: (snapshot?["savedAt"] as Int64?).map(Timestamp.init),
                ruleSetHash: snapshot?["ruleSetHash"], keys: keys)
        }
    }

    /// Upserts key saves inside the caller's transaction; a key saved twice keeps the later save.
    static func saveEngineKeys(_ keys: [EngineKeyRecord], at time: Int64, _ db: Database) throws {
        guard !keys.isEmpty else { return }
        // One prepared statement for every key (and every commit): preparing is most of a small commit's cost.
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO engine_key_state (storageKey, rule, savedAt, data) VALUES (?, ?, ?, ?)
                ON CONFLICT (storageKey) DO UPDATE SET
                    rule = excluded.rule, savedAt = excluded.savedAt, data = excluded.data
                """)
        for key in keys {
            try statement.execute(arguments: [key.storageKey, key.rule, time, key.data])
        }
    }
}
