import AlertModel

/// Durable store of alert states, the notification outbox and the audit log (being written).
public final class AlertStore: Sendable {}
