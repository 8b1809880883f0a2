/// What a number measures. Units are checked at compile time so `level < 100` (a percentage against a plain number)
/// or `for 30` is caught before a rule ever runs.
public enum Unit: String, Sendable, Hashable, CaseIterable {
    case number
    case percent
    case money
    case lots
    case price
    /// Seconds.
    case duration
    /// Seconds since the Unix epoch, UTC.
    case timestamp

    /// How the unit is named in messages.
    public var noun: String {
        switch self {
        case .number: return "a plain number"
        case .percent: return "a percentage"
        case .money: return "an amount of money"
        case .lots: return "a volume in lots"
        case .price: return "a price"
        case .duration: return "a duration"
        case .timestamp: return "a timestamp"
        }
    }

    /// Whether a bare number literal may stand for a value of this unit (`volume >= 50`, `equity < 1000`).
    /// Percentages, durations and timestamps have their own literal forms, so a bare number there is a mistake.
    var acceptsBareNumbers: Bool {
        switch self {
        case .number, .money, .lots, .price: return true
        case .percent, .duration, .timestamp: return false
        }
    }
}

/// The static type of a value in the rule language.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case string
    case numeric(Unit)
    case list(ValueType)

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .string: return "string"
        case .numeric(let unit): return unit.rawValue
        case .list(let element): return "list of \(element)"
        }
    }

    public var noun: String {
        switch self {
        case .bool: return "a condition (true/false)"
        case .string: return "a string"
        case .numeric(let unit): return unit.noun
        case .list(let element): return "a list of \(element)"
        }
    }

    public var unit: Unit? {
        if case .numeric(let unit) = self { return unit }
        return nil
    }
}
