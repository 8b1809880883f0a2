import AlertModel

/// One way out of mtrules (MT4 mail, MT4 news, a webhook receiver). The outbox worker hands a channel what is due and
/// records what the channel says happened; the channel never retries by itself, so retry policy, back-off and dead
/// letters live in one place (the worker) while each channel judges its own failures.
public protocol DeliveryChannel: Sendable {
    /// A name for logs, counters and the outbox listing (a receiver's name, `mail`, `news`).
    var name: String { get }

    /// Whether one call may carry several notifications (a Slack message summarising twelve margin calls). When
    /// false, the worker passes batches of exactly one notification.
    var supportsBatches: Bool { get }

    /// Attempts to deliver `batch` (one or more notifications, already grouped by the worker) once. The outcome
    /// applies to the whole batch: a channel that cannot deliver part of it reports the worst outcome.
    ///
    /// Never throws: every failure is classified into `DeliveryOutcome.retry` or `.final`, with a reason that
    /// carries no secret (no keyed URL, no token, no header value).
    func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome
}
