import AlertModel
import AlertStore
import Logging
import Synchronization

/// Delivers the outbox: for every destination a loop claims what is due (with a lease, so a crash mid-send leaves
/// the entry to be taken again, never lost), hands it to the destination's channel, and records the outcome:
/// delivered, retried later with exponential back-off and jitter, or dead-lettered with the reason. The notification
/// was committed to the store before the first attempt, so killing the process at any moment loses nothing; channels
/// send an idempotency key or stable id, so a send cut off by the kill is not received twice.
public final class DeliveryWorker: Sendable {
    public let store: AlertStore
    private let routes: [String: DeliveryRoute]
    private let backoff: BackoffPolicy
    private let lease: Duration
    private let pollInterval: Duration
    private let now: @Sendable () -> Timestamp
    private let logger: Logger
    private let signals: [String: WakeSignal]
    private let limiters: Mutex<[String: RateLimiter]>
    private let started = ContinuousClock.now
    private let onDelivery: (@Sendable (DeliveryEvent) -> Void)?
    /// Set by `stopClaiming()`: the loops take no new entries and `run()` returns once the sends under way are done.
    private let stopping = Mutex(false)

    /// - Parameters:
    ///   - routes: by destination (`mail`, `news`, `log`, `webhook:NAME`); entries for a destination without a route
    ///     stay in the outbox (and show up in `mtrules outbox`) until one is configured.
    ///   - lease: how long a claimed entry is reserved; a send taking longer may be repeated by another worker.
    ///   - pollInterval: the longest a loop sleeps without being woken, to pick up retries that came due.
    ///   - onDelivery: sees every attempt's outcome per entry (metrics: latency and outcomes); off by default.
    public init(
        store: AlertStore, routes: [String: DeliveryRoute], backoff: BackoffPolicy = BackoffPolicy(),
        lease: Duration = .seconds(120), pollInterval: Duration = .seconds(1),
        now: @escaping @Sendable () -> Timestamp = AlertStore.wallClock,
        logger: Logger = Logger(label: "mtrules.delivery", factory: { _ in SwiftLogNoOpLogHandler() }),
        onDelivery: (@Sendable (DeliveryEvent) -> Void)? = nil
    ) {
        self.onDelivery = onDelivery
        self.store = store
        self.routes = routes
        self.backoff = backoff
        self.lease = lease
        self.pollInterval = pollInterval
        self.now = now
        self.logger = logger
        self.signals = routes.mapValues { _ in WakeSignal() }
        self.limiters = Mutex(
            routes.compactMapValues { route in route.rateLimit.map { RateLimiter(limit: $0.count, per: $0.interval) } })
    }

    /// Graceful stop: the loops claim nothing more, sends under way finish and record their outcome, then `run()`
    /// returns. What was not claimed stays pending in the outbox for the next run.
    public func stopClaiming() {
        stopping.withLock { $0 = true }
        wake()
    }

    /// Wakes the loops: new notifications were recorded.
    public func wake() {
        for signal in signals.values { signal.signal() }
    }

    /// Delivers until the task is cancelled. In-flight sends finish or, if cut off, stay in the outbox for the next run.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for (destination, route) in routes {
                group.addTask { [self] in await loop(destination, route) }
            }
        }
    }

    /// Delivers everything due now and every retry that comes due, until nothing is pending for any routed
    /// destination or `limit` passes. For the CLI's one-shot delivery and for tests.
    public func drain(limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            while ContinuousClock.now < deadline {
                if try routes.keys.allSatisfy({ try store.pendingCount(destination: $0) == 0 }) {
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
    }

    // MARK: One destination

    private func loop(_ destination: String, _ route: DeliveryRoute) async {
        let signal = signals[destination]!
        while !Task.isCancelled, !stopping.withLock({ $0 }) {
            let batchLimit =
                route.channel.supportsBatches && route.groupWindow != nil ? route.groupLimit : route.concurrency
            let entries: [OutboxEntry]
            do {
                entries = try store.claimDue(now: now(), limit: batchLimit, destination: destination, lease: lease)
            } catch {
                logger.error(
                    "could not read the outbox", metadata: ["destination": "\(destination)", "error": "\(error)"])
                await signal.wait(upTo: pollInterval)
                continue
            }
            if entries.isEmpty {
                await signal.wait(upTo: sleepTime(destination))
                if let window = route.groupWindow, route.channel.supportsBatches, !Task.isCancelled {
                    // Let the first notification's companions arrive, so they go out together.
                    if (try? store.pendingCount(destination: destination)) ?? 0 > 0 {
                        try? await Task.sleep(for: window)
                    }
                }
                continue
            }
            if route.channel.supportsBatches, route.groupWindow != nil {
                await send(entries, via: route, destination: destination)
            } else {
                await withTaskGroup(of: Void.self) { group in
                    for entry in entries {
                        group.addTask { [self] in await send([entry], via: route, destination: destination) }
                    }
                }
            }
        }
    }

    /// Sleeps until the next entry comes due, but never longer than the poll interval.
    private func sleepTime(_ destination: String) -> Duration {
        guard let next = try? store.nextDueTime(destination: destination) else { return pollInterval }
        let wait = Duration.milliseconds(max(next.milliseconds - now().milliseconds, 0))
        return min(wait, pollInterval)
    }

    private func send(_ entries: [OutboxEntry], via route: DeliveryRoute, destination: String) async {
        while let wait = limiters.withLock({ $0[destination]?.acquire(now: ContinuousClock.now - started) }) {
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return }
        }
        let outcome = await route.channel.deliver(entries.map(\.notification))
        let at = now()
        for entry in entries {
            do {
                try record(outcome, for: entry, at: at, destination: destination)
            } catch {
                // The lease runs out and the entry is sent again: a duplicate the receiver can drop by its id,
                // rather than a notification lost.
                logger.error(
                    "could not record a delivery outcome", metadata: ["entry": "\(entry.id)", "error": "\(error)"])
            }
            onDelivery?(
                DeliveryEvent(
                    destination: destination, outcome: outcome, attempt: entry.attempts + 1,
                    latency: .milliseconds(max(at.milliseconds - entry.createdAt.milliseconds, 0))))
        }
    }

    private func record(_ outcome: DeliveryOutcome, for entry: OutboxEntry, at: Timestamp, destination: String) throws {
        switch outcome {
        case .delivered:
            try store.markDelivered(entry.id, at: at, detail: nil)
        case .retry(let reason, let after):
            let attempts = entry.attempts + 1
            let wait = backoff.delay(afterAttempts: attempts, retryAfter: after, random: Double.random(in: 0...1))
            let next = at.adding(milliseconds: Int64(BackoffPolicy.seconds(wait) * 1000))
            logger.warning(
                "delivery failed, will retry",
                metadata: ["destination": "\(destination)", "attempt": "\(attempts)", "reason": "\(reason)"])
            try store.scheduleRetry(entry.id, at: at, nextAttemptAt: next, error: reason)
        case .final(let reason):
            logger.error(
                "delivery refused, dead-lettered", metadata: ["destination": "\(destination)", "reason": "\(reason)"])
            try store.deadLetter(entry.id, at: at, reason: reason)
        }
    }
}

extension DeliveryWorker {
    /// One attempt at one outbox entry, for whoever measures delivery (the runtime's metrics).
    public struct DeliveryEvent: Sendable, Hashable {
        public var destination: String
        public var outcome: DeliveryOutcome
        /// 1 for the first attempt.
        public var attempt: Int
        /// From the notification entering the outbox to this outcome: what a receiver waited.
        public var latency: Duration

        public init(destination: String, outcome: DeliveryOutcome, attempt: Int, latency: Duration) {
            self.destination = destination
            self.outcome = outcome
            self.attempt = attempt
            self.latency = latency
        }
    }
}
