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
    let key: AlertKey
    let creation: Int
    var status: AlertStatus
    let memory: KeyMemory
    var lastRecord: Record
    var lastRelated: [Record?]
    /// The due time of this key's live timer; queue entries with another time are stale.
    var timerDue: Int64?

    init(
        entity: EntityKey, key: AlertKey, creation: Int, status: AlertStatus, memory: KeyMemory, record: Record,
        related: [Record?]
    ) {
        self.entity = entity
        self.key = key
        self.creation = creation
        self.status = status
        self.memory = memory
        self.lastRecord = record
        self.lastRelated = related
    }
}
