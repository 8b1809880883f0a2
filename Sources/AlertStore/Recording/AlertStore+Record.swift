import AlertModel
import GRDB

extension AlertStore {
    /// Records what the engine produced, in ONE transaction that is committed before any delivery attempt: the
    /// alert states, the audit log of transitions and notifications, and an outbox entry per non-shadow notification.
    ///
    /// A notification whose id was recorded before is skipped and listed in `duplicateNotifications`, so an engine
    /// that re-derives it after a restart never sends it twice. Either the whole batch is stored or, on an error,
    /// none of it.
    ///
    /// `engineKeys` (the engine's changed alert keys for this output) are saved in the same transaction, replacing
    /// earlier saves of the same keys, so after a crash the engine's state and what it recorded never disagree.
    @discardableResult
    public func record(
        transitions: [AlertTransition], notifications: [AlertNotification], ruleSetHash: String? = nil,
        engineKeys: [EngineKeyRecord] = []
    ) throws(AlertStoreError) -> RecordResult {
        try record(
            transitions: transitions, notifications: notifications, ruleSetHash: ruleSetHash, engineKeys: engineKeys
        ) { _ in }
    }

    /// `beforeCommit` runs inside the transaction after every write: tests fail there to prove atomicity.
    func record(
        transitions: [AlertTransition], notifications: [AlertNotification], ruleSetHash: String?,
        engineKeys: [EngineKeyRecord] = [], beforeCommit: (Database) throws -> Void
    ) throws(AlertStoreError) -> RecordResult {
        guard !transitions.isEmpty || !notifications.isEmpty || !engineKeys.isEmpty else { return RecordResult() }
        // Encoding happens before the transaction so the write lock is held only for SQL.
        let encodedTransitions = try encode("transition evidence") {
            try transitions.map { transition in try transition.evidence.map(StoreJSON.encode) }
        }
        let encodedNotifications = try encode("notifications") { try notifications.map(StoreJSON.encode) }
        let createdAt = clock().milliseconds
        let operation = "recording \(transitions.count) transitions and \(notifications.count) notifications"
        return try write(operation) { db in
            var result = RecordResult()
            for (transition, evidence) in zip(transitions, encodedTransitions) {
                if try Self.appendTransition(transition, evidence: evidence, ruleSetHash: ruleSetHash, db) {
                    result.transitionsRecorded += 1
                } else {
                    result.duplicateTransitions += 1
                }
                try Self.applyTransition(transition, evidence: evidence, ruleSetHash: ruleSetHash, db)
            }
            for (notification, json) in zip(notifications, encodedNotifications) {
                try Self.recordNotification(
                    notification, json: json, ruleSetHash: ruleSetHash, createdAt: createdAt, into: &result, db)
            }
            try Self.saveEngineKeys(engineKeys, at: createdAt, db)
            try beforeCommit(db)
            return result
        }
    }

    /// Appends to the transition log; false when this exact transition is already there.
    private static func appendTransition(
        _ transition: AlertTransition, evidence: String?, ruleSetHash: String?, _ db: Database
    ) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO transition_log
                    (alertKey, fromState, toState, at, severity, evidence, ruleSetHash)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                transition.key.storageKey, transition.from.rawValue, transition.to.rawValue,
                transition.at.milliseconds, transition.severity.rawValue, evidence, ruleSetHash,
            ])
        return db.changesCount > 0
    }

    /// Brings the alert's current state up to date. A transition older than the stored state (a replay of the past)
    /// never moves an alert back.
    private static func applyTransition(
        _ transition: AlertTransition, evidence: String?, ruleSetHash: String?, _ db: Database
    ) throws {
        let key = transition.key.storageKey
        let at = transition.at.milliseconds
        let current = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT state, since, activeSince, evidence FROM alert WHERE key = ?"),
            arguments: [key])
        if let current, at < current["since"] as Int64 { return }
        let isActive = transition.to == .pending || transition.to == .firing
        let wasActive = current.map { ["pending", "firing"].contains($0["state"] as String) } ?? false
        let activeSince: Int64? = isActive ? (wasActive ? current?["activeSince"] : at) : nil
        // Keep the evidence that decided the episode (a resolve carries none), but not into a new episode.
        let keptEvidence: String? = evidence ?? (isActive && !wasActive ? nil : current?["evidence"])
        try db.cachedStatement(
            sql: """
                INSERT INTO alert
                    (key, display, rule, platform, labels, state, severity, since, activeSince, evidence, ruleSetHash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                    state = excluded.state, severity = excluded.severity, since = excluded.since,
                    activeSince = excluded.activeSince, evidence = excluded.evidence,
                    ruleSetHash = coalesce(excluded.ruleSetHash, alert.ruleSetHash)
                """
        ).execute(
            arguments: [
                key, transition.key.description, transition.key.rule, transition.key.platform,
                try StoreJSON.encode(transition.key.labels), transition.to.rawValue, transition.severity.rawValue,
                at, activeSince, keptEvidence, ruleSetHash,
            ])
    }

    private static func recordNotification(
        _ notification: AlertNotification, json: String, ruleSetHash: String?, createdAt: Int64,
        into result: inout RecordResult, _ db: Database
    ) throws {
        let key = notification.key.storageKey
        let destination = OutboxEntry.destination(for: notification.action)
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO notification_log
                    (notificationId, alertKey, time, destination, shadow, notification, ruleSetHash)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                notification.id, key, notification.time.milliseconds, destination, notification.shadow, json,
                ruleSetHash,
            ])
        guard db.changesCount > 0 else {
            result.duplicateNotifications.append(notification.id)
            return
        }
        guard !notification.shadow else {
            result.shadowRecorded.append(notification.id)
            return
        }
        // The outbox's own unique index is the last guard: its row outlives the log's when retention runs.
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO outbox
                    (notificationId, alertKey, destination, notification, state, createdAt, nextAttemptAt)
                VALUES (?, ?, ?, ?, 'pending', ?, ?)
                """
        ).execute(
            arguments: [notification.id, key, destination, json, createdAt, createdAt])
        guard db.changesCount > 0 else {
            result.duplicateNotifications.append(notification.id)
            return
        }
        result.queued.append(db.lastInsertedRowID)
        result.queuedDestinations.insert(destination)
        try db.cachedStatement(
            sql: "UPDATE alert SET lastNotifiedAt = max(coalesce(lastNotifiedAt, ?1), ?1) WHERE key = ?2"
        ).execute(
            arguments: [notification.time.milliseconds, key])
    }

    private func encode<T>(_ what: String, _ body: () throws -> T) throws(AlertStoreError) -> T {
        do {
            return try body()
        } catch {
            throw .database(
                operation: "encoding \(what) as JSON", path: path, code: 1, reason: "\(error)")
        }
    }
}
