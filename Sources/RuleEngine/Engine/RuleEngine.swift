import AlertModel
import CSupport
import RuleLanguage

/// Turns trading events into alert transitions and notifications, deterministically: the same events and rules give
/// the same output, byte for byte. Time comes only from the events and from `advance(to:)` (an injected clock), so
/// live service, tests and replay run the same code.
///
/// Not thread-safe by design: one engine is owned by one task (an actor in the service), and evaluation reuses one
/// frame so that it allocates nothing for plain comparisons.
public final class RuleEngine {
    public let ruleSet: CompiledRuleSet
    let schema: TradingSchema
    let runtimes: [RuleRuntime]
    /// Rule indexes by stream, in rule order.
    let rulesByStream: [[Int]]
    /// The partition field's string slot by stream ordinal, -1 for a stream without one.
    let partitionSlot: [Int]
    /// By stream ordinal: the partition is the symbol, whose entry the related state finds for every event, so the
    /// candidate list is noted there (see `candidates(for:)`).
    let partitionIsSymbol: [Bool]
    /// By stream ordinal and partition value, the candidate lists built so far (see `candidates(for:)`).
    var candidateCache: [[PartitionValue: [CachedCandidates]]]
    /// Every list in `candidateCache`, by serial; emptied with it, which starts a new generation.
    var builtCandidateLists: [CandidateList] = []
    var candidateGeneration = 0
    let noCandidates = CandidateList()
    /// Every threshold group of the cached candidate lists, for the rule counters.
    var thresholdGroups: [ThresholdGroup] = []
    /// By key group: the rules of that group with an alert for a key. Kept for stateless threshold rules only, whose
    /// alerts exist while pending or firing, so one lookup per event finds the few that must see it to clear.
    let liveAlerts: [KeyTable<LiveRules>]
    /// The key group of margin rules keyed `by login` alone, whose keys are accounts: whether an account may have a
    /// live alert there is noted on its row (`RelatedState.liveHint`), so a margin update of an account without one
    /// (most of them) neither builds its key nor looks it up.
    let accountKeyGroup: Int?
    /// The rules an event evaluates, reused from event to event.
    var selection: [Int] = []
    /// Counts events, so `cachedKey` is known to belong to the current one.
    var eventSerial = 0
    /// The last key `prepareEventKey` built: for which event, for which key signature; read in place.
    var cachedKey = (serial: -1, signature: -1, key: EntityKey(platform: ""))
    /// What the state machine decided for the alert being observed, reused from observation to observation.
    private var effects: [AlertEffect] = []
    /// Whether threshold rules are found through `ThresholdGroup`s; a reloaded engine keeps the setting.
    let indexesThresholds: Bool
    let related: RelatedState
    var timers = TimerQueue()
    let frame: EvaluationFrame
    /// The engine's clock in milliseconds: the latest event time or advance, never going backwards.
    public internal(set) var clock: Int64
    var output = EngineOutput()
    var keyCreations = 0
    /// Keys an output touched (a transition or a notification) since `takeChangedKeys()`, in the order first touched,
    /// so the service can save their state with that output for crash safety.
    var changedKeys: [(rule: Int, state: KeyState)] = []
    /// Off by default, so engines whose state is never saved (replay, rule tests, benchmarks) keep no list that
    /// only grows; the service turns it on.
    public var tracksChangedKeys = false
    private var changedKeyIDs: Set<ObjectIdentifier> = []
    /// The memory stateless rules evaluate against before they have an alert for a key (it is never written).
    private let scratchMemory = KeyMemory(layout: .empty)
    /// Records alerts no longer hold, each released `retiredDelay` retirements later (see `retire`): a ring, so a
    /// retirement releases one record in place rather than a batch through the array's generic destruction.
    private let retiredRecords: UnsafeMutablePointer<Record>
    private var nextRetired = 0
    /// Whether `frame.related` holds the current event's related records (see `fillRelated(for:)`).
    private var relatedIsFilled = false
    /// The related records an alert of a rule that reads none keeps: none.
    let noRelated: [Record?]

    /// - Parameter indexesThresholds: find threshold rules through `ThresholdGroup`s (the default). Off, every
    ///   candidate rule is evaluated one by one, with the same output: for comparing the two, in tests and benchmarks.
    public init(
        ruleSet: CompiledRuleSet, schema: TradingSchema = .shared, startingAt start: Timestamp = .init(milliseconds: 0),
        indexesThresholds: Bool = true
    ) {
        self.ruleSet = ruleSet
        self.schema = schema
        self.indexesThresholds = indexesThresholds
        self.runtimes = ruleSet.rules.enumerated().map { index, rule in
            RuleRuntime(index: index, rule: rule, fileHash: ruleSet.fileHashes[rule.definition.file.path] ?? "")
        }
        var byStream: [TradingStream: [Int]] = [:]
        for runtime in runtimes {
            guard let stream = TradingStream(rawValue: runtime.rule.definition.stream.name) else { continue }
            byStream[stream, default: []].append(runtime.index)
        }
        self.rulesByStream = TradingStream.allCases.map { byStream[$0] ?? [] }
        var partitions: [TradingStream: Int] = [:]
        for stream in TradingStream.allCases {
            if let field = schema.layout(stream).fields.first(where: \.isPartition),
                case .string(let slot) = field.storage
            {
                partitions[stream] = slot
            }
        }
        self.partitionSlot = TradingStream.allCases.map { partitions[$0] ?? -1 }
        let related = RelatedState(schema: schema)
        self.related = related
        self.partitionIsSymbol = TradingStream.allCases.map { stream in
            // A stream whose symbol the related state finds has that field.
            related.findsSymbol(of: stream) && partitions[stream] == schema.layout(stream).stringSlot("symbol")
        }
        self.candidateCache = Array(repeating: [:], count: TradingStream.allCases.count)
        self.noRelated = Array(repeating: nil, count: TradingSchema.namespaceCount)
        self.frame = EvaluationFrame(
            event: Record(numbers: [], strings: []), namespaceCount: TradingSchema.namespaceCount)
        self.clock = start.milliseconds
        var keyGroups: [String: Int] = [:]
        var accountKeyGroup: Int?
        var keySignatures: [String: Int] = [:]
        for runtime in runtimes {
            let definition = runtime.rule.definition
            // Constants are shared by every file of a rule set, so equal text means the same expressions.
            let signature = ([definition.stream.name] + definition.key.map(\.expression.text)).joined(
                separator: "\u{0}")
            if keySignatures[signature] == nil { keySignatures[signature] = keySignatures.count }
            runtime.keySignature = keySignatures[signature]!
            let stream = TradingStream(rawValue: definition.stream.name)
            if let stream, runtime.keyField == "symbol" { runtime.keysBySymbol = related.findsSymbol(of: stream) }
            // Rules with active hours are left out of key groups: outside them an event is not an evaluation, which
            // a group could not tell apart.
            guard indexesThresholds, runtime.rule.threshold != nil, runtime.isStateless, !runtime.hasSchedule else {
                continue
            }
            if keyGroups[signature] == nil { keyGroups[signature] = keyGroups.count }
            runtime.keyGroup = keyGroups[signature]
            if stream == .margin, runtime.keyField == "login" { accountKeyGroup = keyGroups[signature] }
        }
        self.accountKeyGroup = accountKeyGroup
        self.liveAlerts = (0..<keyGroups.count).map { _ in KeyTable() }
        self.retiredRecords = .allocate(capacity: Self.retiredDelay)
        retiredRecords.initialize(repeating: Record(numbers: [], strings: []), count: Self.retiredDelay)
    }

    deinit {
        retiredRecords.deinitialize(count: Self.retiredDelay)
        retiredRecords.deallocate()
    }

    /// Processes one event: first every timer due up to its time, then the rules that apply to it.
    @discardableResult
    public func process(_ event: TradingEvent) -> EngineOutput {
        eventSerial &+= 1
        runTimers(upTo: event.time.milliseconds)
        clock = max(clock, event.time.milliseconds)
        related.update(with: event)
        let candidates = candidates(for: event)
        if !candidates.isEmpty {
            frame.now = Double(clock) / 1000
            relatedIsFilled = false
            if candidates.evaluationReadsRelated { fillRelated(for: event) }
            let platform = event.platform
            frame.withEvent(event.record) {
                if candidates.groups.isEmpty {
                    for candidate in candidates.single {
                        evaluate(
                            runtimes[candidate.rule], event: event, platform: platform,
                            needsFilter: candidate.needsFilter)
                    }
                } else {
                    evaluate(candidates, event: event, platform: platform)
                }
            }
        }
        return takeOutput()
    }

    /// Looks up the related records (account, symbol, quote) of the event being processed, once per event: at once
    /// when a candidate rule evaluates them, otherwise only when an alert of a rule whose messages read them is
    /// reached (`evaluate` calls it then).
    private func fillRelated(for event: TradingEvent) {
        guard !relatedIsFilled else { return }
        relatedIsFilled = true
        for index in frame.related.indices { frame.related[index] = nil }
        related.fill(&frame.related, for: event)
    }

    /// A hint that `event` will be processed after the next one (call it with the event two ahead, then `process`
    /// the current one): the memory its account lives in starts loading now, so a feed for many accounts does not
    /// wait on a cache miss per event. Purely a hint: the output is the same with or without it.
    public func prefetch(_ event: TradingEvent) {
        related.prefetch(event)
    }

    /// Moves the clock forward, firing every timer due by then (`for` holds, renotifies, silence, window expiry).
    @discardableResult
    public func advance(to time: Timestamp) -> EngineOutput {
        runTimers(upTo: time.milliseconds)
        clock = max(clock, time.milliseconds)
        return takeOutput()
    }

    /// The earliest pending timer, so a live driver knows when to call `advance(to:)`.
    public var nextTimer: Timestamp? {
        timers.nextDue.map(Timestamp.init(milliseconds:))
    }

    /// Every alert that is not inactive, in rule order then in the order the keys were first seen.
    public var alerts: [AlertSnapshot] {
        runtimes.flatMap { runtime in
            runtime.keys.values.filter { $0.status.state != .inactive }.sorted { $0.creation < $1.creation }.map {
                AlertSnapshot(key: $0.key, status: $0.status, severity: runtime.severity)
            }
        }
    }

    /// Hands over the output and starts a new one; most events cause nothing, and then nothing is moved.
    private func takeOutput() -> EngineOutput {
        if output.isEmpty { return EngineOutput() }
        defer { output = EngineOutput() }
        return output
    }

    // MARK: - Evaluation

    /// - Parameter platform: the event's, read once per event rather than once per rule.
    func evaluate(
        _ runtime: RuleRuntime, event: TradingEvent, platform: String, needsFilter: Bool, counted: Bool = true
    ) {
        if runtime.hasSchedule, !runtime.isActive(at: frame.now) { return }
        if needsFilter, let filter = runtime.filter, !filter(frame) { return }
        if counted { runtime.evaluations += 1 }
        let existing = stateForEventKey(runtime, platform: platform)
        if existing == nil, runtime.isStateless {
            // Most events meet no alert: decide that before allocating any state for the key.
            frame.memory = scratchMemory
            guard runtime.condition(frame) else { return }
        }
        if runtime.readsRelated { fillRelated(for: event) }
        let state: KeyState
        if let existing {
            state = existing
            var record = event.record
            swap(&record, &state.lastRecord)
            retire(record)
            if runtime.readsRelated { state.lastRelated = frame.related }
        } else {
            keyCreations += 1
            state = KeyState(
                runtime: runtime, entity: eventKey(runtime, platform: platform), key: nil, creation: keyCreations,
                status: .inactive(at: Timestamp(milliseconds: clock)),
                layout: runtime.memoryLayout,
                record: event.record, related: runtime.readsRelated ? frame.related : noRelated)
            remember(state, of: runtime)
        }
        frame.memory = state.memory
        runtime.sampler.record(in: frame)
        observe(runtime, state)
        if runtime.hasMemory { runtime.sampler.commit(in: frame) }
        if runtime.policy.isMomentary, state.status.state != .firing {
            // A one-off event's alert is over at once; keep the key only for the history its messages read.
            if !runtime.hasMemory {
                forget(state, of: runtime)
            } else {
                state.status = .inactive(at: state.status.since)
            }
        } else if state.status.state == .inactive, runtime.isStateless {
            // Nothing to remember for an inactive alert without memory or silence timers: keep no state for it.
            forget(state, of: runtime)
        } else {
            scheduleWake(runtime, state)
        }
    }

    /// Lets go of the record an alert held until its key's new event. Its arrays were last touched when that earlier
    /// event came, so releasing them now would wait on a cache miss (the largest single cost of a trade rule keyed by
    /// login): their headers are prefetched now, and the record is released `retiredDelay` retirements later, from
    /// cache.
    private func retire(_ record: consuming Record) {
        if let numbers = record.numbers._baseAddressIfContiguous {
            mtrules_prefetch(UnsafeRawPointer(numbers) - Self.arrayHeaderOffset)
        }
        if let strings = record.strings._baseAddressIfContiguous {
            mtrules_prefetch(UnsafeRawPointer(strings) - Self.arrayHeaderOffset)
        }
        // The record retired `retiredDelay` times ago is released by the assignment, from cache.
        retiredRecords[nextRetired] = record
        nextRetired = (nextRetired + 1) & (Self.retiredDelay - 1)
    }

    /// A power of two.
    private static let retiredDelay = 64
    /// From an array's first element back to its reference count (the object's second word).
    private static let arrayHeaderOffset = 24

    /// Drops an alert's state; its timer, if any, goes stale with it so a forgotten alert can never fire.
    private func forget(_ state: KeyState, of runtime: RuleRuntime) {
        state.timerDue = nil
        runtime.keys.remove(state.entity)
        if let group = runtime.keyGroup, let live = liveAlerts[group][state.entity] {
            live.rules.removeAll { $0 == runtime.index }
            if live.rules.isEmpty { liveAlerts[group].remove(state.entity) }
        }
    }

    /// Evaluates the rule's conditions for the key whose data is in `frame` and applies the state machine.
    func observe(_ runtime: RuleRuntime, _ state: KeyState) {
        let active = runtime.condition(frame)
        let cleared: Bool
        if state.status.state == .firing, let clear = runtime.clearCondition {
            cleared = clear(frame)
        } else {
            cleared = !active
        }
        let observation = AlertObservation(active: active, cleared: cleared, measure: runtime.stepMeasure?(frame))
        let now = Timestamp(milliseconds: clock)
        let previous = state.status
        if !effects.isEmpty { effects.removeAll(keepingCapacity: true) }
        AlertStateMachine.advance(&state.status, observation, now: now, policy: runtime.policy, effects: &effects)
        guard !effects.isEmpty else { return }
        let next = state.status
        markChanged(runtime, state)
        for effect in effects {
            switch effect {
            case .transition(let from, let to):
                if to == .firing { runtime.firings += 1 }
                output.transitions.append(
                    AlertTransition(
                        key: state.key, from: from, to: to, at: now, severity: runtime.severity,
                        evidence: to == .firing ? evidence(runtime, state) : nil))
            case .notify(let reason):
                notify(runtime, state, reason: reason, firedAt: next.firedAt ?? previous.firedAt ?? now)
            }
        }
    }

    /// Remembers that this output changed the key, for `takeChangedKeys()`; the state object itself is kept, so a key
    /// forgotten later in the same output still reports its final (inactive) status.
    private func markChanged(_ runtime: RuleRuntime, _ state: KeyState) {
        guard tracksChangedKeys, changedKeyIDs.insert(ObjectIdentifier(state)).inserted else { return }
        changedKeys.append((runtime.index, state))
    }

    /// Forgets which keys changed; `takeChangedKeys()` calls it after reading them.
    func clearChangedKeys() {
        changedKeys.removeAll(keepingCapacity: true)
        changedKeyIDs.removeAll(keepingCapacity: true)
    }

    func scheduleWake(_ runtime: RuleRuntime, _ state: KeyState) {
        guard let due = runtime.nextWake(state, now: clock) else { return }
        if let current = state.timerDue, current <= due, current > clock { return }
        state.timerDue = due
        timers.schedule(due: due, rule: runtime.index, state: state)
    }

    private func runTimers(upTo time: Int64) {
        while timers.earliestDue <= time, let entry = timers.popDue(atOrBefore: time) {
            clock = max(clock, entry.due)
            let runtime = runtimes[entry.rule]
            guard let state = entry.state else {
                summarise(runtime)
                continue
            }
            guard state.timerDue == entry.due else { continue }
            state.timerDue = nil
            frame.now = Double(clock) / 1000
            guard runtime.isActive(at: frame.now) else {
                // Outside its active hours the rule waits; its timer moves to when they begin again.
                if let start = runtime.schedule?.nextActiveStart(after: frame.now) {
                    let due = Int64((start * 1000).rounded())
                    state.timerDue = due
                    timers.schedule(due: due, rule: runtime.index, state: state)
                }
                continue
            }
            frame.related = state.lastRelated
            frame.memory = state.memory
            runtime.evaluations += 1
            frame.withEvent(state.lastRecord) { observe(runtime, state) }
            if state.status.state == .inactive, runtime.isStateless {
                forget(state, of: runtime)
            } else {
                scheduleWake(runtime, state)
            }
        }
    }
}
