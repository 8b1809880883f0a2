import AlertModel
import RuleLanguage

/// The identity of an alert inside the engine: platform plus up to three `by` values, hashed without building strings.
/// Most rules key by one value, so the first is kept inline and any others in a small array; a key lives twice per
/// alert (in the rule's table and in its state), for every account a windowed rule tracks.
struct EntityKey: KeyHashable {
    enum Part: Hashable {
        case none
        case number(Double)
        case string(String)

        /// Without the case: a number and a text that hash alike are told apart when the keys are compared, and one
        /// mix less per part counts for a key built on every event.
        @inline(__always)
        func combine(into hash: inout KeyHash) {
            switch self {
            case .none: hash.combine(0 as UInt64)
            case .number(let value): hash.combine(value)
            case .string(let text): hash.combine(text)
            }
        }
    }

    /// The parts' hash, kept up to date as parts are set: an event's key is built once and looked up by every rule
    /// keyed the same way, so its parts are hashed once, not per lookup. The platform is left out: one rule's keys
    /// rarely differ by platform only. Declared first, so unequal keys usually differ at the first comparison.
    private var partsHash: UInt64
    var platform: String
    private(set) var first: Part = .none
    /// The second and third parts, without trailing `.none`s; nil when there are none, so equal keys have equal
    /// values here however they were set, and a key of one part (most are) holds no array.
    private var rest: [Part]?

    init(platform: String) {
        self.init(platform: platform, first: .none)
    }

    /// A key of one part, hashed once.
    init(platform: String, first: Part) {
        self.platform = platform
        self.first = first
        self.rest = nil
        var hash = KeyHash(seed: 0)
        first.combine(into: &hash)
        self.partsHash = hash.finalizedBits
    }

    /// A key with all its parts at once, hashed once (setting parts one by one hashes the key again each time).
    init(platform: String, first: Part, rest: [Part]) {
        self.platform = platform
        self.first = first
        var rest = rest
        while rest.last == Part.none { rest.removeLast() }
        self.rest = rest.isEmpty ? nil : rest
        self.partsHash = 0
        self.partsHash = hashParts()
    }

    /// The parts' hash, for `KeyTable`.
    var tableHash: UInt64 { partsHash }

    /// The stored hash, mixed with the dictionary's seed (see `KeyHashable`).
    func combine(into hash: inout KeyHash) {
        hash.combine(partsHash)
    }

    private func hashParts() -> UInt64 {
        var hash = KeyHash(seed: 0)
        first.combine(into: &hash)
        for part in rest ?? [] { part.combine(into: &hash) }
        return hash.finalizedBits
    }

    subscript(index: Int) -> Part {
        get {
            if index == 0 { return first }
            guard let rest, index - 1 < rest.count else { return .none }
            return rest[index - 1]
        }
        set {
            defer { partsHash = hashParts() }
            if index == 0 {
                first = newValue
                return
            }
            var parts = rest ?? []
            if newValue == .none, index - 1 >= parts.count { return }
            while parts.count < index { parts.append(.none) }
            parts[index - 1] = newValue
            while parts.last == Part.none { parts.removeLast() }
            rest = parts.isEmpty ? nil : parts
        }
    }
}

/// Everything the engine keeps for one alert: its status, its memory (windows, previous values), the last event
/// it saw (so timers can re-evaluate and render messages), and its pending timer. It is its own memory: one object
/// per key, so an evaluation reaches the key's windows without a second cache miss.
final class KeyState: KeyMemory, KeyTableEntry {
    let entity: EntityKey
    let creation: Int
    var status: AlertStatus
    var lastRecord: Record
    var lastRelated: [Record?]
    /// The due time of this key's live timer; queue entries with another time are stale.
    var timerDue: Int64?
    /// The rule this alert belongs to; unowned because the rule owns its keys.
    private unowned let runtime: RuleRuntime
    private var builtKey: AlertKey?

    /// - Parameters:
    ///   - layout: the windows and previous values a new key starts with, empty.
    ///   - memory: what a restored key held instead, if any.
    init(
        runtime: RuleRuntime, entity: EntityKey, key: AlertKey?, creation: Int, status: AlertStatus,
        layout: MemoryLayout, restoring memory: KeyMemory? = nil, record: Record, related: [Record?]
    ) {
        self.runtime = runtime
        self.entity = entity
        self.builtKey = key
        self.creation = creation
        self.status = status
        self.lastRecord = record
        self.lastRelated = related
        if let memory {
            super.init(copying: memory)
        } else {
            super.init(layout: layout)
        }
    }

    /// The key's memory: the state itself.
    var memory: KeyMemory { self }

    /// The public key. Built when first asked for (a transition, a message, a snapshot), not when the key is first
    /// seen: most keys of a rule with windows never fire, and formatting their labels was a measurable share of
    /// evaluation.
    var key: AlertKey {
        if let builtKey { return builtKey }
        let key = runtime.alertKey(entity, platform: entity.platform)
        builtKey = key
        return key
    }
}
