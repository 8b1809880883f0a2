import AlertModel
import Foundation
import RuleEngine

/// Owns the live rule engine: events from every platform's hub go through it one at a time, timers (`for`,
/// `silence`, renotify, window expiry) fire from the wall clock even when no event comes, and each output is
/// committed to the sink (the outbox) before anyone else sees it.
public actor EngineService {
    private let engine: RuleEngine
    private let sink: any NotificationSink
    private let observe: @Sendable (EngineOutput) -> Void
    private let now: @Sendable () -> Timestamp
    public private(set) var eventsProcessed = 0

    /// - Parameters:
    ///   - sink: where transitions and notifications are committed; an error there is the caller's to handle.
    ///   - observe: sees every non-empty output after it was committed (the terminal, the status page).
    ///   - now: the wall clock; tests inject their own.
    public init(
        engine: RuleEngine, sink: any NotificationSink,
        observe: @escaping @Sendable (EngineOutput) -> Void = { _ in },
        now: @escaping @Sendable () -> Timestamp = EngineService.wallClock
    ) {
        self.engine = engine
        self.sink = sink
        self.observe = observe
        self.now = now
    }

    public static let wallClock: @Sendable () -> Timestamp = {
        let elapsed = ContinuousClock.now - anchor.instant
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return Timestamp(milliseconds: anchor.ms + milliseconds)
    }

    /// Wall time from a monotonic clock, anchored once, so the engine's time never runs backwards when the system
    /// clock is adjusted.
    private static let anchor: (instant: ContinuousClock.Instant, ms: Int64) = (
        ContinuousClock.now, Int64((Date.now.timeIntervalSince1970 * 1000).rounded())
    )

    /// Runs one event through the rules and commits what it caused.
    public func process(_ event: TradingEvent) async throws {
        eventsProcessed += 1
        try await commit(engine.process(event))
    }

    /// Fires the timers due by now.
    public func tick() async throws {
        try await commit(engine.advance(to: now()))
    }

    /// When the next timer is due, so the clock loop can sleep until then.
    public var nextTimer: Timestamp? { engine.nextTimer }

    public var alerts: [AlertSnapshot] { engine.alerts }

    private func commit(_ output: EngineOutput) async throws {
        guard !output.isEmpty else { return }
        try await sink.accept(transitions: output.transitions, notifications: output.notifications)
        observe(output)
    }

    /// Calls `tick` at every due timer, and at least every `interval`, until cancelled.
    public func runClock(interval: Duration = .milliseconds(250)) async throws {
        while !Task.isCancelled {
            try await tick()
            var wait = interval
            if let next = nextTimer {
                let until = Duration.milliseconds(max(next.milliseconds - now().milliseconds, 0))
                wait = min(wait, until)
            }
            try await Task.sleep(for: wait)
        }
    }
}
