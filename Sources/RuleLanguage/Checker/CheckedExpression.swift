/// A type-checked expression: names resolved to field readers and memory slots, every node typed.
public indirect enum CheckedExpressionKind: Sendable {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case stringList([String])
    case numberList([Double])
    case field(FieldReader)
    /// Time since the alert key's previous event.
    case silence
    case now
    /// `{rule}` and `{severity}` in templates.
    case ruleName
    case severityName
    /// `count(D)` has no argument.
    case window(WindowFunction, slot: Int, argument: CheckedExpression?)
    case previousNumber(slot: Int, argument: CheckedExpression)
    case previousString(slot: Int, argument: CheckedExpression)
    case unary(UnaryOperator, CheckedExpression)
    case binary(BinaryOperator, CheckedExpression, CheckedExpression)
    case function(BuiltinFunction, [CheckedExpression])
    /// Something already reported as an error; checks around it stay quiet to avoid cascades.
    case invalid
}

public struct CheckedExpression: Sendable {
    public var kind: CheckedExpressionKind
    public var type: ValueType
    /// A number written without a unit (or computed only from such numbers): it may stand for money, lots or prices.
    public var isBareNumber: Bool
    public var range: SourceRange
    /// The source text, for evidence ("level = 93.2") and memory de-duplication.
    public var text: String

    public var isInvalid: Bool {
        if case .invalid = kind { return true }
        return false
    }

    /// The value when the expression is a numeric constant (literal, constant name, negated constant).
    public var constantNumber: Double? {
        switch kind {
        case .number(let value): return value
        case .unary(.negate, let inner): return inner.constantNumber.map { -$0 }
        default: return nil
        }
    }

    public var isConstant: Bool {
        switch kind {
        case .number, .string, .boolean, .stringList, .numberList: return true
        case .unary(_, let inner): return inner.isConstant
        case .binary(_, let left, let right): return left.isConstant && right.isConstant
        case .function(let function, let arguments): return function != .now && arguments.allSatisfy(\.isConstant)
        default: return false
        }
    }

    /// Whether the value depends on per-key memory or the passage of time.
    public var usesMemory: Bool {
        switch kind {
        case .window, .previousNumber, .previousString, .silence: return true
        case .unary(_, let inner): return inner.usesMemory
        case .binary(_, let left, let right): return left.usesMemory || right.usesMemory
        case .function(_, let arguments): return arguments.contains(where: \.usesMemory)
        default: return false
        }
    }
}

/// Window functions: a value's history over a duration, per alert key.
public enum WindowFunction: String, Sendable, CaseIterable {
    case change, drop, rise, avg, min, max, sum, count
}

/// Plain functions on values.
public enum BuiltinFunction: String, Sendable, CaseIterable {
    case abs, min, max, round, floor, ceil
    case lower, upper, len, contains, startsWith, endsWith
    case now
}
