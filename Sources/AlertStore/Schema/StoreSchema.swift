import GRDB

/// The store's tables and their migrations. Migrations are append-only: a released one is never edited, so any file
/// written by any earlier mtrules can be brought up to date, and a file from a later one is recognised and refused.
enum StoreSchema {
    /// `PRAGMA application_id` of an mtrules store ("mtrl"), so the store never mistakes another database for its own.
    static let applicationID: Int32 = 0x6D74_726C

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: alerts, outbox, audit log") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2: engine state") { db in
            try db.execute(sql: version2)
        }
        return migrator
    }

    /// Checks the file is ours and not from the future, then applies the migrations it lacks.
    static func migrate(_ pool: DatabasePool, path: String) throws(AlertStoreError) {
        let migrator = self.migrator
        let unknown: [String]
        do {
            unknown = try pool.read { db -> [String] in
                let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master
                        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                        """)
                if application != applicationID && (application != 0 || !tables.isEmpty) {
                    throw AlertStoreError.notAnAlertStore(path: path)
                }
                let known = Set(migrator.migrations)
                return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
            }
        } catch let error as AlertStoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: AlertStore.describe(error))
        }
        guard unknown.isEmpty else { throw .schemaTooNew(path: path, unknownMigrations: unknown) }
        do {
            try migrator.migrate(pool)
        } catch {
            throw .migrationFailed(path: path, reason: AlertStore.describe(error))
        }
    }

    /// Times are milliseconds since the Unix epoch (`Timestamp`); JSON columns hold AlertModel values, encoded with
    /// sorted keys.
    static let version1 = """
        -- The current state of every alert the engine has reported, one row per alert key.
        CREATE TABLE alert (
            key TEXT PRIMARY KEY NOT NULL,      -- AlertKey.storageKey: unambiguous, stable
            display TEXT NOT NULL,              -- AlertKey.description, what operators type
            rule TEXT NOT NULL,
            platform TEXT NOT NULL,
            labels TEXT NOT NULL,               -- JSON [AlertKey.Label]
            state TEXT NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
            severity TEXT NOT NULL,
            since INTEGER NOT NULL,             -- when it entered `state`: its last transition
            activeSince INTEGER,                -- when its current pending/firing episode began
            evidence TEXT,                      -- JSON Evidence of the latest transition that had some
            ruleSetHash TEXT,
            lastNotifiedAt INTEGER              -- the latest non-shadow notification for it
        );
        CREATE INDEX alert_by_display ON alert(display);
        CREATE INDEX alert_by_state ON alert(state);

        -- Audit: every transition, with the inputs that decided it.
        CREATE TABLE transition_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            alertKey TEXT NOT NULL,
            fromState TEXT NOT NULL,
            toState TEXT NOT NULL,
            at INTEGER NOT NULL,
            severity TEXT NOT NULL,
            evidence TEXT,
            ruleSetHash TEXT
        );
        -- A re-derived transition (same alert, time and edge) is recorded once.
        CREATE UNIQUE INDEX transition_log_identity ON transition_log(alertKey, at, fromState, toState);
        CREATE INDEX transition_log_by_time ON transition_log(at);

        -- Audit: every notification the engine made, shadow or not. Its unique id is what deduplicates.
        CREATE TABLE notification_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            notificationId TEXT NOT NULL UNIQUE,
            alertKey TEXT NOT NULL,
            time INTEGER NOT NULL,
            destination TEXT NOT NULL,
            shadow INTEGER NOT NULL,
            notification TEXT NOT NULL,         -- JSON AlertNotification
            ruleSetHash TEXT
        );
        CREATE INDEX notification_log_by_key ON notification_log(alertKey, time);
        CREATE INDEX notification_log_by_time ON notification_log(time);

        -- What is still to be delivered, and what became of the rest.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so an id an operator saw stays meaningful
            notificationId TEXT NOT NULL UNIQUE,
            alertKey TEXT NOT NULL,
            destination TEXT NOT NULL,
            notification TEXT NOT NULL,         -- JSON AlertNotification
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            createdAt INTEGER NOT NULL,
            nextAttemptAt INTEGER NOT NULL,
            leaseUntil INTEGER,                 -- a worker holds it until then
            lastError TEXT,
            deliveredAt INTEGER,
            finishedAt INTEGER                  -- when it left `pending` for good (delivered, dead, dropped)
        );
        CREATE INDEX outbox_due ON outbox(destination, nextAttemptAt) WHERE state = 'pending';
        CREATE INDEX outbox_by_state ON outbox(state, id);
        CREATE INDEX outbox_counts ON outbox(state, destination);
        CREATE INDEX outbox_by_key ON outbox(alertKey);

        -- Audit: every delivery attempt and operator action on an outbox entry.
        CREATE TABLE delivery_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            outboxId INTEGER NOT NULL,
            notificationId TEXT NOT NULL,
            alertKey TEXT NOT NULL,
            destination TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT,
            at INTEGER NOT NULL
        );
        CREATE INDEX delivery_log_by_key ON delivery_log(alertKey, at);
        CREATE INDEX delivery_log_by_outbox ON delivery_log(outboxId);
        CREATE INDEX delivery_log_by_time ON delivery_log(at);
        """

    /// The rule engine's state, so a restart continues where the engine stood: the latest full snapshot, and the
    /// alert keys saved with each recorded output since (newer than the snapshot). Both hold opaque engine JSON.
    static let version2 = """
        -- The latest full engine snapshot; at most one row.
        CREATE TABLE engine_snapshot (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            savedAt INTEGER NOT NULL,
            ruleSetHash TEXT,
            data BLOB NOT NULL
        );

        -- Alert keys changed since that snapshot, saved in the transaction that recorded their output.
        CREATE TABLE engine_key_state (
            storageKey TEXT PRIMARY KEY NOT NULL,  -- AlertKey.storageKey
            rule TEXT NOT NULL,
            savedAt INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        """
}
