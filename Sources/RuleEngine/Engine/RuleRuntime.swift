import AlertModel
import RuleLanguage

/// A compiled rule plus everything the engine keeps for it: its alerts by key, its flood limiter, and the settings
/// resolved once so evaluation reads no names.
final class RuleRuntime {
    let index: Int
    let rule: CompiledRule
    let policy: AlertPolicy
    let severity: Severity
    let labels: [AlertKey.Label]
    let platforms: Set<String>
    let kinds: Set<String>
    /// Reads the alert's login for `mail client`.
    let clientLogin: NumberEvaluator?
    let keyNames: [String]
    /// Rules whose value changes with time alone (`silence`, windows) are re-evaluated by timers.
    let hasWindows: Bool
    let silenceThresholds: [(milliseconds: Int64, strict: Bool)]
    let fileHash: String
    /// Read on every evaluation, so kept here rather than reached through the compiled rule's definition (a large
    /// struct whose copies cost retains).
    let schedule: CompiledSchedule?
    /// `schedule != nil`, read on every evaluation: testing the optional struct itself copied it (and retained what
    /// it holds) each time.
    let hasSchedule: Bool
    let condition: BoolEvaluator
    let clearCondition: BoolEvaluator?
    let filter: BoolEvaluator?
    let stepMeasure: NumberEvaluator?
    let keyReaders: [KeyPartReader]
    /// The key's shape, read on every event: most keys are one number (a login) or one text (a symbol), read here
    /// without going through the array of readers.
    private let keyShape: KeyShape
    let sampler: MemorySampler
    let memoryLayout: MemoryLayout
    let actions: [CompiledAction]
    let resolveActions: [CompiledAction]
    let observed: [ObservedValue]
    let isShadow: Bool
    let filePath: String
    let hasMemory: Bool
    /// An inactive alert of this rule carries nothing worth keeping.
    let isStateless: Bool
    let severityName: String
    let name: String
    /// Whether the rule reads related state. Alerts of a rule that reads none keep no related records: holding the
    /// account's record would also make the next margin update copy it.
    let readsRelated: Bool
    /// Whether what every event evaluates reads related state (see `CheckedRule.evaluationReadsRelated`).
    let evaluationReadsRelated: Bool
    /// For a stateless rule with a threshold, its key group: rules whose keys are built from the same expressions on
    /// the same stream share one, so the engine can tell from one lookup which of them have an alert for a key.
    var keyGroup: Int?
    /// Rules whose keys are built from the same expressions on the same stream share a signature, so an event's key
    /// is built once for all of them (see `RuleEngine.prepareEventKey`).
    var keySignature = 0
    /// The key is the event's symbol alone, so the engine takes it from the instrument's entry (`SymbolEntry.entity`)
    /// instead of reading and hashing the symbol again.
    var keysBySymbol = false
    /// The stream field the key is, when it is that one field alone (`by login`, `by symbol`).
    let keyField: String?
    let keys = KeyTable<KeyState>()
    var limiter: FloodLimiter?
    /// Cumulative counts for `RuleEngine.ruleCounters`; plain increments so the hot path stays cheap.
    var evaluations = 0
    var firings = 0
    var notifications = 0

    init(index: Int, rule: CompiledRule, fileHash: String) {
        let definition = rule.definition
        self.index = index
        self.rule = rule
        self.policy = AlertPolicy(
            holdFor: Int64((definition.holdFor * 1000).rounded()),
            renotify: definition.renotify.map { Int64(($0 * 1000).rounded()) },
            step: definition.step.map { ($0.amount, $0.lowerIsWorse) },
            isMomentary: definition.isMomentary)
        self.severity = Severity(rawValue: definition.severity.rawValue) ?? .warning
        self.labels = definition.labels.map { AlertKey.Label(name: $0.name, value: $0.value) }
        self.platforms = Set(definition.platforms)
        self.kinds = Set(definition.kinds)
        if let clientField = definition.stream.clientField,
            case .number(let read)? =
                definition.stream.field(named: clientField)?.reader
        {
            self.clientLogin = read
        } else {
            self.clientLogin = nil
        }
        self.keyNames = definition.key.map(\.name)
        self.hasWindows = !definition.memory.windowDurations.isEmpty
        self.silenceThresholds = definition.silenceThresholds.map { (Int64(($0.seconds * 1000).rounded()), $0.strict) }
        self.fileHash = fileHash
        self.limiter = definition.limit.map { FloodLimiter(count: $0.count, period: Int64(($0.per * 1000).rounded())) }
        self.schedule = definition.schedule
        self.hasSchedule = definition.schedule != nil
        self.condition = rule.condition
        self.clearCondition = rule.clearCondition
        self.filter = rule.filter
        self.stepMeasure = rule.stepMeasure
        self.keyReaders = rule.key
        if definition.key.count == 1, case .field = definition.key[0].expression.kind {
            self.keyField = definition.key[0].expression.text
        } else {
            self.keyField = nil
        }
        switch rule.key.count {
        case 0: self.keyShape = .none
        case 1:
            switch rule.key[0] {
            case .number(let read): self.keyShape = .number(read)
            case .string(let read): self.keyShape = .string(read)
            }
        default: self.keyShape = .several
        }
        self.sampler = rule.sampler
        self.memoryLayout = definition.memory
        self.actions = rule.actions
        self.resolveActions = rule.resolveActions
        self.observed = rule.observed
        self.isShadow = definition.shadow
        self.filePath = definition.file.path
        self.hasMemory = !definition.memory.isEmpty
        self.isStateless = definition.memory.isEmpty && definition.silenceThresholds.isEmpty
        self.severityName = definition.severity.rawValue
        self.name = rule.name
        self.readsRelated = definition.readsRelated
        self.evaluationReadsRelated = definition.evaluationReadsRelated
    }

    func applies(toPlatform platform: String) -> Bool {
        platforms.isEmpty || platforms.contains(platform)
    }

    func applies(toKind kind: String) -> Bool {
        kinds.isEmpty || kinds.contains(kind)
    }

    /// The last answer of `isActive` and the whole UTC minute it holds for: schedules are in whole minutes of zones
    /// whose offsets are whole minutes, so the answer changes only at a minute boundary, and working out a zone's
    /// offset for every event was a visible share of evaluating tick rules.
    private var activeMinute = Int64.min
    private var activeAnswer = true

    func isActive(at seconds: Double) -> Bool {
        guard hasSchedule else { return true }
        let minute = Int64((seconds / 60).rounded(.down))
        if minute == activeMinute { return activeAnswer }
        guard let schedule else { return true }
        activeAnswer = schedule.isActive(at: seconds)
        activeMinute = schedule.offsetIsWholeMinutes(at: seconds) ? minute : .min
        return activeAnswer
    }

    private enum KeyShape {
        case none
        case number(NumberEvaluator)
        case string(StringEvaluator)
        case several
    }

    /// The engine's key for the event in `frame`.
    func entityKey(_ frame: EvaluationFrame, platform: String) -> EntityKey {
        switch keyShape {
        case .none: return EntityKey(platform: platform)
        case .number(let read): return EntityKey(platform: platform, first: Self.part(number: read(frame)))
        case .string(let read): return EntityKey(platform: platform, first: .string(read(frame)))
        case .several:
            return EntityKey(
                platform: platform, first: Self.part(keyReaders[0], frame),
                rest: keyReaders.dropFirst().map { Self.part($0, frame) })
        }
    }

    private static func part(_ reader: KeyPartReader, _ frame: EvaluationFrame) -> EntityKey.Part {
        switch reader {
        case .number(let read): return part(number: read(frame))
        case .string(let read): return .string(read(frame))
        }
    }

    /// A missing number (NaN) never equals itself; it is one "missing" key part instead.
    private static func part(number value: Double) -> EntityKey.Part {
        value.isNaN ? .none : .number(value)
    }

    /// The public key, built once when an alert is first seen.
    func alertKey(_ key: EntityKey, platform: String) -> AlertKey {
        var labels: [AlertKey.Label] = []
        for (position, name) in keyNames.enumerated() {
            let value: String
            switch key[position] {
            case .none: value = ""
            case .number(let number): value = ValueFormatter.format(number, unit: .number, style: nil)
            case .string(let text): value = text
            }
            labels.append(AlertKey.Label(name: name, value: value))
        }
        return AlertKey(rule: name, platform: platform, labels: labels)
    }

    /// When this alert next needs evaluating without an event: the end of `for`, a renotify, silence crossing a
    /// threshold, or (while pending or firing) a window sample expiring.
    func nextWake(_ state: KeyState, now: Int64) -> Int64? {
        var due = AlertStateMachine.nextDeadline(state.status, policy: policy)?.milliseconds
        func consider(_ time: Int64) {
            if time > now, due == nil || time < due! { due = time }
        }
        if !silenceThresholds.isEmpty, !state.memory.lastEventTime.isNaN {
            let last = Int64((state.memory.lastEventTime * 1000).rounded())
            for threshold in silenceThresholds {
                consider(last + threshold.milliseconds + (threshold.strict ? 1 : 0))
            }
        }
        if hasWindows, state.status.state == .pending || state.status.state == .firing {
            // Windows the last evaluation did not read (in a message, or skipped by `and`/`or`) still hold samples
            // that have expired; drop them so the next expiry is a future one.
            let seconds = Double(now) / 1000
            for index in state.memory.windows.indices { state.memory.windows[index].evict(now: seconds) }
            if let expiry = state.memory.nextExpiry { consider(Int64((expiry * 1000).rounded()) + 1) }
        }
        return due
    }
}
