/// An expression as written, with its source range. Checking turns it into a `CheckedExpression`.
public indirect enum ExpressionKind: Sendable {
    case number(Double)
    case percent(Double)
    /// Seconds.
    case duration(Double)
    case string(String)
    case boolean(Bool)
    case list([Expression])
    case name(String)
    /// `namespace.field`, as in `account.level` or `symbol.contractSize`.
    case member(base: Identifier, field: Identifier)
    case call(function: Identifier, arguments: [Expression])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// A piece the parser could not read; already reported.
    case invalid
}

public struct Expression: Sendable {
    public var kind: ExpressionKind
    public var range: SourceRange

    public init(_ kind: ExpressionKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public struct Identifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange

    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable {
    case not
    case negate = "-"
}

public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, notIn = "not in", matches
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    var isOrdering: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}
