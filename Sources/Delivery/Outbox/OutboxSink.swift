import AlertModel
import AlertStore

/// Where the engine's output goes in production: transitions and notifications are committed to the store (the
/// outbox) first, then the worker is woken to send them. If the commit fails, the engine's caller hears it and
/// nothing was sent, so a notification is never delivered without a record of it.
public struct OutboxSink: NotificationSink {
    public let store: AlertStore
    public let worker: DeliveryWorker?
    public let ruleSetHash: String?

    public init(store: AlertStore, worker: DeliveryWorker?, ruleSetHash: String? = nil) {
        self.store = store
        self.worker = worker
        self.ruleSetHash = ruleSetHash
    }

    public func accept(transitions: [AlertTransition], notifications: [AlertNotification]) async throws {
        guard !transitions.isEmpty || !notifications.isEmpty else { return }
        _ = try store.record(transitions: transitions, notifications: notifications, ruleSetHash: ruleSetHash)
        if notifications.contains(where: { !$0.shadow }) { worker?.wake() }
    }
}
