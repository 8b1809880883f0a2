import AlertModel
import RuleLanguage

/// The identity of an alert inside the engine: platform plus up to three `by` values, hashed without building strings.
struct EntityKey: Hashable {
    enum Part: Hashable {
        case none
        case number(Double)
        case string(String)
    }

    var platform: String
    var first: Part = .none
    var second: Part = .none
    var third: Part = .none

    /// The key parts alone: one rule's keys rarely differ by platform only, and hashing the platform name was a
    /// measurable share of every evaluation.
    func hash(into hasher: inout Hasher) {
        hasher.combine(first)
        hasher.combine(second)
        hasher.combine(third)
    }

    subscript(index: Int) -> Part {
        get {
            switch index {
            case 0: return first
            case 1: return second
            default: return third
            }
        }
        set {
            switch index {
            case 0: first = newValue
            case 1: second = newValue
            default: third = newValue
            }
        }
    }
}

/// Everything the engine keeps for one alert: its status, its memory (windows, previous values), the last event
/// it saw (so timers can re-evaluate and render messages), and its pending timer.
final class KeyState {
    let entity: EntityKey
    let creation: Int
    var status: AlertStatus
    let memory: KeyMemory
    var lastRecord: Record
    var lastRelated: [Record?]
    /// The due time of this key's live timer; queue entries with another time are stale.
    var timerDue: Int64?
    /// The rule this alert belongs to; unowned because the rule owns its keys.
    private unowned let runtime: RuleRuntime
    private var builtKey: AlertKey?

    init(
        runtime: RuleRuntime, entity: EntityKey, key: AlertKey?, creation: Int, status: AlertStatus,
        memory: KeyMemory, record: Record, related: [Record?]
    ) {
        self.runtime = runtime
        self.entity = entity
        self.builtKey = key
        self.creation = creation
        self.status = status
        self.memory = memory
        self.lastRecord = record
        self.lastRelated = related
    }

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
