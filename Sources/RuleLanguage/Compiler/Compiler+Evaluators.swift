import Foundation

extension Compiler {
    func number(_ expression: CheckedExpression) -> NumberEvaluator {
        switch expression.kind {
        case .number(let value):
            return { _ in value }
        case .boolean(let value):
            let numeric = value ? 1.0 : 0.0
            return { _ in numeric }
        case .field(let reader):
            switch reader {
            case .number(let read): return read
            case .bool(let read): return { read($0) ? 1 : 0 }
            case .string: return { _ in .nan }
            }
        case .silence:
            return { frame in frame.now - frame.memory.lastEventTime }
        case .now:
            return { frame in frame.now }
        case .window(let function, let slot, _):
            return windowEvaluator(function, slot: slot)
        case .previousNumber(let slot, _):
            return { frame in frame.memory.previousNumbers[slot] }
        case .unary(.negate, let inner):
            let operand = number(inner)
            return { -operand($0) }
        case .binary(let op, let left, let right):
            return arithmetic(op, left, right)
        case .function(let function, let arguments):
            return numericFunction(function, arguments)
        case .unary(.not, _), .string, .stringList, .numberList, .ruleName, .severityName, .previousString, .invalid:
            return { _ in .nan }
        }
    }

    private func windowEvaluator(_ function: WindowFunction, slot: Int) -> NumberEvaluator {
        switch function {
        case .count: return windowReader(slot) { Double($0.count) }
        case .sum: return windowReader(slot) { $0.sum }
        case .avg: return windowReader(slot) { $0.average }
        case .min: return windowReader(slot) { $0.minimum }
        case .max: return windowReader(slot) { $0.maximum }
        case .change: return windowReader(slot) { $0.change }
        case .drop: return windowReader(slot) { $0.drop }
        case .rise: return windowReader(slot) { $0.rise }
        }
    }

    /// Reads a key's window as of the frame's time: samples that have left the window are dropped first. The window
    /// is reached in place (`inout`): reading it as a value copied the struct and retained its buffers every time.
    private func windowReader(
        _ slot: Int, _ read: @escaping @Sendable (inout SlidingWindow) -> Double
    )
        -> NumberEvaluator
    {
        { frame in frame.memory.readWindow(slot, now: frame.now, read) }
    }

    private func arithmetic(
        _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression
    )
        -> NumberEvaluator
    {
        let lhs = number(left)
        let rhs = number(right)
        let leftIsPercent = left.type.unit == .percent
        let rightIsPercent = right.type.unit == .percent
        switch op {
        case .add: return { lhs($0) + rhs($0) }
        case .subtract: return { lhs($0) - rhs($0) }
        case .multiply:
            // A percentage times a value of another unit is a share of it: 50% of equity is equity * 0.5.
            if leftIsPercent != rightIsPercent, left.type.unit != .number, right.type.unit != .number,
                !left.isBareNumber, !right.isBareNumber
            {
                return { lhs($0) * rhs($0) / 100 }
            }
            return { lhs($0) * rhs($0) }
        case .divide:
            if rightIsPercent, !leftIsPercent {
                return { lhs($0) / rhs($0) * 100 }
            }
            return { lhs($0) / rhs($0) }
        default:
            return { _ in .nan }
        }
    }

    private func numericFunction(_ function: BuiltinFunction, _ arguments: [CheckedExpression]) -> NumberEvaluator {
        let evaluators = arguments.filter { $0.type.unit != nil }.map(number)
        switch function {
        case .abs:
            let value = evaluators[0]
            return { Swift.abs(value($0)) }
        case .floor:
            let value = evaluators[0]
            return { value($0).rounded(.down) }
        case .ceil:
            let value = evaluators[0]
            return { value($0).rounded(.up) }
        case .round:
            let value = evaluators[0]
            let digits = arguments.count > 1 ? arguments[1].constantNumber ?? 0 : 0
            let scale = pow(10, digits)
            return { (value($0) * scale).rounded(.toNearestOrAwayFromZero) / scale }
        case .min:
            return { frame in
                var result = Double.infinity
                for evaluator in evaluators { result = Swift.min(result, evaluator(frame)) }
                return result
            }
        case .max:
            return { frame in
                var result = -Double.infinity
                for evaluator in evaluators { result = Swift.max(result, evaluator(frame)) }
                return result
            }
        case .len:
            let text = string(arguments[0])
            return { Double(text($0).count) }
        case .now:
            return { $0.now }
        case .lower, .upper, .contains, .startsWith, .endsWith:
            return { _ in .nan }
        }
    }

    func boolean(_ expression: CheckedExpression) -> BoolEvaluator {
        switch expression.kind {
        case .boolean(let value):
            return { _ in value }
        case .field(.bool(let read)):
            return read
        case .field(.number(let read)):
            return { read($0) != 0 }
        case .unary(.not, let inner):
            let operand = boolean(inner)
            return { !operand($0) }
        case .binary(.and, let left, let right):
            let lhs = boolean(left)
            let rhs = boolean(right)
            return { lhs($0) && rhs($0) }
        case .binary(.or, let left, let right):
            let lhs = boolean(left)
            let rhs = boolean(right)
            return { lhs($0) || rhs($0) }
        case .binary(let op, let left, let right) where op.isComparison:
            return comparison(op, left, right)
        case .binary(.in, let left, let right):
            return membership(left, right)
        case .binary(.notIn, let left, let right):
            let test = membership(left, right)
            return { !test($0) }
        case .binary(.matches, let left, let right):
            let text = string(left)
            let patterns: [String]
            switch right.kind {
            case .string(let pattern): patterns = [pattern]
            case .stringList(let list): patterns = list
            default: patterns = []
            }
            let glob = GlobSet(patterns)
            return { glob.matches(text($0)) }
        case .previousNumber(let slot, _):
            return { frame in
                let value = frame.memory.previousNumbers[slot]
                return !value.isNaN && value != 0
            }
        case .function(let function, let arguments):
            let lhs = string(arguments[0])
            let rhs = string(arguments[arguments.count > 1 ? 1 : 0])
            switch function {
            case .contains: return { lhs($0).contains(rhs($0)) }
            case .startsWith: return { lhs($0).hasPrefix(rhs($0)) }
            case .endsWith: return { lhs($0).hasSuffix(rhs($0)) }
            default: return { _ in false }
            }
        default:
            return { _ in false }
        }
    }

    private func comparison(
        _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression
    )
        -> BoolEvaluator
    {
        if left.type == .string {
            let lhs = string(left)
            let rhs = string(right)
            switch op {
            case .equal: return { lhs($0) == rhs($0) }
            case .notEqual: return { lhs($0) != rhs($0) }
            case .less: return { lhs($0) < rhs($0) }
            case .lessEqual: return { lhs($0) <= rhs($0) }
            case .greater: return { lhs($0) > rhs($0) }
            default: return { lhs($0) >= rhs($0) }
            }
        }
        if left.type == .bool {
            let lhs = boolean(left)
            let rhs = boolean(right)
            if op == .equal { return { lhs($0) == rhs($0) } }
            return { lhs($0) != rhs($0) }
        }
        let lhs = number(left)
        // Comparing with a constant is the common case: capture the value instead of calling a closure for it.
        if let constant = right.constantNumber {
            switch op {
            case .equal: return { lhs($0) == constant }
            case .notEqual: return { lhs($0) != constant }
            case .less: return { lhs($0) < constant }
            case .lessEqual: return { lhs($0) <= constant }
            case .greater: return { lhs($0) > constant }
            default: return { lhs($0) >= constant }
            }
        }
        let rhs = number(right)
        switch op {
        case .equal: return { lhs($0) == rhs($0) }
        case .notEqual: return { lhs($0) != rhs($0) }
        case .less: return { lhs($0) < rhs($0) }
        case .lessEqual: return { lhs($0) <= rhs($0) }
        case .greater: return { lhs($0) > rhs($0) }
        default: return { lhs($0) >= rhs($0) }
        }
    }

    private func membership(_ left: CheckedExpression, _ right: CheckedExpression) -> BoolEvaluator {
        switch right.kind {
        case .stringList(let values):
            let set = Set(values)
            let text = string(left)
            return { set.contains(text($0)) }
        case .numberList(let values):
            let set = Set(values)
            let value = number(left)
            return { set.contains(value($0)) }
        default:
            return { _ in false }
        }
    }

    func string(_ expression: CheckedExpression) -> StringEvaluator {
        switch expression.kind {
        case .string(let value):
            return { _ in value }
        case .field(.string(let read)):
            return read
        case .ruleName:
            return { $0.ruleName }
        case .severityName:
            return { $0.severityName }
        case .previousString(let slot, _):
            return { $0.memory.previousStrings[slot] ?? "" }
        case .binary(.add, let left, let right):
            let lhs = string(left)
            let rhs = string(right)
            return { lhs($0) + rhs($0) }
        case .function(.lower, let arguments):
            let inner = string(arguments[0])
            return { inner($0).lowercased() }
        case .function(.upper, let arguments):
            let inner = string(arguments[0])
            return { inner($0).uppercased() }
        default:
            return renderer(expression, style: nil)
        }
    }
}
