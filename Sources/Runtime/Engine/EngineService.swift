import AlertModel
import AlertStore
import Delivery
import Foundation
import RuleEngine
import RuleLanguage

/// Owns the live rule engine: events from every platform's hub go through it one at a time, timers (`for`,
/// `silence`, renotify, window expiry) fire from the wall clock even when no event comes, and each output is
/// committed before anyone else sees it. With a store, an output is committed together with the states of the
/// alerts it touched, in one transaction, so a crash right after can never make a restarted engine notify again.
public actor EngineService {
    private var engine: RuleEngine
    private let destination: Destination
    private let recorder: RecordingWriter?
    private let observe: @Sendable (EngineOutput) -> Void
    private let now: @Sendable () -> Timestamp
    public private(set) var eventsProcessed = 0
    /// Output and key saves of a commit that failed, committed first by the next one (see `commit`).
    private var pending: (outputs: [EngineOutput], keys: [EngineKeyRecord]) = ([], [])
    public private(set) var ruleSetHash: String

    /// Where committed output goes.
    private enum Destination {
        /// Any sink; engine state is not saved (tests, tools).
        case sink(any NotificationSink)
        /// The store and the worker that delivers from its outbox (the service).
        case store(AlertStore, DeliveryWorker?)
    }

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
        self.destination = .sink(sink)
        self.recorder = nil
        self.observe = observe
        self.now = now
        self.ruleSetHash = engine.ruleSet.summaryHash
    }

    /// The service's engine: output and the touched alerts' states committed to `store` in one transaction, the
    /// worker woken for new notifications, every processed item written to `recorder` in processing order.
    public init(
        engine: RuleEngine, store: AlertStore, worker: DeliveryWorker?, recorder: RecordingWriter? = nil,
        observe: @escaping @Sendable (EngineOutput) -> Void = { _ in },
        now: @escaping @Sendable () -> Timestamp = EngineService.wallClock
    ) {
        engine.tracksChangedKeys = true
        self.engine = engine
        self.destination = .store(store, worker)
        self.recorder = recorder
        self.observe = observe
        self.now = now
        self.ruleSetHash = engine.ruleSet.summaryHash
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

    /// Runs one decoded hub item through the rules, recording it first (in the order the engine sees it, which is
    /// the order replay must reproduce).
    public func process(_ event: TradingEvent, recording line: RecordingLine) async throws {
        try await process([(event, line)])
    }

    /// Runs many decoded hub items through the rules in one call (one actor hop), recording each before the engine
    /// sees it, and commits everything they caused in ONE store transaction: the transitions and notifications in the
    /// engine's order, and the final state of every key they touched. Observers and the delivery worker hear of it
    /// only after that commit. Callers pass what is already buffered (never wait to fill a batch): per-item cost
    /// falls with the batch, latency does not grow.
    public func process(_ batch: [(event: TradingEvent, line: RecordingLine)]) async throws {
        var outputs: [EngineOutput] = []
        for (index, (event, line)) in batch.enumerated() {
            // Two events ahead: their accounts' memory loads while this one is evaluated.
            if index + 2 < batch.count { engine.prefetch(batch[index + 2].event) }
            recorder?.write(line)
            if case .item(let item) = line, item.isSeed {
                engine.seed(event)
                continue
            }
            eventsProcessed += 1
            let output = engine.process(event)
            if !output.isEmpty { outputs.append(output) }
        }
        try await commit(outputs)
    }

    /// Fires the timers due by now.
    public func tick() async throws {
        let time = now()
        let output = engine.advance(to: time)
        if !output.isEmpty { recorder?.clock(at: time) }
        try await commit(output)
    }

    /// When the next timer is due, so the clock loop can sleep until then.
    public var nextTimer: Timestamp? { engine.nextTimer }

    public var alerts: [AlertSnapshot] { engine.alerts }

    public var ruleCounters: [RuleCounter] { engine.ruleCounters }

    public var ruleNames: [String] { engine.ruleSet.rules.map(\.name) }

    /// The engine's clock: the latest event or timer time it has seen.
    public var clock: Timestamp { Timestamp(milliseconds: engine.clock) }

    /// Replaces the rules, keeping the state of unchanged ones (see `RuleEngine.reloaded`); the alerts of removed
    /// rules end, and a full snapshot of the new engine is saved at once, so saved key states of old rules never
    /// outlive them.
    public func reload(_ ruleSet: CompiledRuleSet) async throws -> ReloadReport {
        try await commit(EngineOutput())
        let (next, report, output) = engine.reloaded(with: ruleSet)
        next.tracksChangedKeys = engine.tracksChangedKeys
        engine = next
        ruleSetHash = ruleSet.summaryHash
        try await commit(output)
        _ = try saveSnapshot()
        return report
    }

    /// Commits what restoring ended (alerts of rules no longer loaded) and saves the restored state as the new
    /// baseline, before the first event.
    public func commitRestore(_ output: EngineOutput) async throws {
        try await commit(output)
        _ = try saveSnapshot()
    }

    /// Saves the engine's whole state (replacing the per-alert saves it now contains); returns its size in bytes.
    /// Without a store there is nothing to save.
    @discardableResult
    public func saveSnapshot() throws -> Int {
        guard case .store(let store, _) = destination else { return 0 }
        let data = try engine.snapshot().encoded()
        try store.saveEngineSnapshot(data, ruleSetHash: ruleSetHash, at: Timestamp(milliseconds: engine.clock))
        return data.count
    }

    private func commit(_ output: EngineOutput) async throws {
        try await commit(output.isEmpty ? [] : [output])
    }

    /// Commits the outputs of one or more events together (they are observed one by one, after the commit). With a
    /// store, the changed keys are taken once, at the end, so each key is saved once with its latest state.
    ///
    /// When the commit fails (the store refused the write: disk full, database locked, an I/O error), what it held is
    /// kept and committed first by the next commit (the clock's, within a quarter of a second; if that fails too, the
    /// service stops and its restart restores the last committed state): the engine has moved on, so dropping it
    /// would lose those notifications for good. Committing it twice is harmless: the
    /// store ignores a transition or notification it already has, and a key's later save replaces its earlier one.
    private func commit(_ outputs: [EngineOutput]) async throws {
        let all = pending.outputs + outputs
        var merged = EngineOutput()
        if all.count == 1 {
            merged = all[0]
        } else {
            for output in all { merged.append(output) }
        }
        switch destination {
        case .sink(let sink):
            guard !merged.isEmpty else { return }
            do {
                try await sink.accept(transitions: merged.transitions, notifications: merged.notifications)
            } catch {
                pending.outputs = all
                throw error
            }
        case .store(let store, let worker):
            let keys =
                try pending.keys
                + engine.takeChangedKeys().map { key in
                    EngineKeyRecord(storageKey: key.key.storageKey, rule: key.rule, data: try key.encoded())
                }
            guard !merged.isEmpty || !keys.isEmpty else { return }
            let result: RecordResult
            do {
                result = try store.record(
                    transitions: merged.transitions, notifications: merged.notifications, ruleSetHash: ruleSetHash,
                    engineKeys: keys)
            } catch {
                pending = (all, keys)
                throw error
            }
            if !result.queued.isEmpty { worker?.wake() }
        }
        pending = ([], [])
        for output in all { observe(output) }
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

extension CompiledRuleSet {
    /// One hash for the whole set (its files' content hashes), recorded with every transition so an alert's history
    /// says which rules decided it.
    public var summaryHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, fileHash) in fileHashes.sorted(by: { $0.key < $1.key }) {
            for byte in (path + "\u{0}" + fileHash + "\u{0}").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}
