extension Checker {
    mutating func checkBinary(
        _ op: BinaryOperator, _ leftSyntax: Expression, _ rightSyntax: Expression, _ expression: Expression
    ) -> CheckedExpression {
        let left = check(leftSyntax)
        let right = check(rightSyntax)
        if left.isInvalid || right.isInvalid { return invalid(expression) }
        switch op {
        case .and, .or:
            for (side, syntax) in [(left, leftSyntax), (right, rightSyntax)] where side.type != .bool {
                diagnostics.error(
                    "'\(op.rawValue)' joins conditions, but this is \(side.type.noun)", at: syntax.range,
                    hint: "compare it, as in '\(side.text) > …'")
                return invalid(expression)
            }
            return make(.binary(op, left, right), .bool, expression)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return checkComparison(op, left, right, expression)
        case .in, .notIn:
            return checkMembership(op, left, right, expression)
        case .matches:
            guard left.type == .string else {
                diagnostics.error("'matches' needs a string on its left, but this is \(left.type.noun)", at: left.range)
                return invalid(expression)
            }
            guard right.isConstant, right.type == .string || right.type == .list(.string) else {
                diagnostics.error(
                    "'matches' needs a constant pattern or list of patterns on its right", at: right.range,
                    hint: "as in group matches [\"real-*\", \"ecn-*\"]")
                return invalid(expression)
            }
            return make(.binary(op, left, right), .bool, expression)
        case .add, .subtract, .multiply, .divide:
            return checkArithmetic(op, left, right, expression)
        }
    }

    private mutating func checkComparison(
        _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression, _ expression: Expression
    ) -> CheckedExpression {
        switch (left.type, right.type) {
        case (.numeric, .numeric):
            guard unify(left, right, expression, verb: "compare") != nil else { return invalid(expression) }
        case (.string, .string):
            break
        case (.bool, .bool) where !op.isOrdering:
            break
        default:
            diagnostics.error(
                "cannot compare \(left.type.noun) with \(right.type.noun)", at: expression.range,
                hint: left.type == .string || right.type == .string ? "put strings in quotes" : nil)
            return invalid(expression)
        }
        return make(.binary(op, left, right), .bool, expression)
    }

    private mutating func checkMembership(
        _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression, _ expression: Expression
    ) -> CheckedExpression {
        guard case .list(let element) = right.type, right.isConstant else {
            diagnostics.error(
                "'\(op.rawValue)' needs a constant list on its right", at: right.range,
                hint: "as in symbol in [\"XAUUSD\", \"XAGUSD\"]")
            return invalid(expression)
        }
        switch (left.type, element) {
        case (.string, .string):
            break
        case (.numeric, .numeric):
            var elementProbe = right
            elementProbe.type = element
            guard unify(left, elementProbe, expression, verb: "look up") != nil else { return invalid(expression) }
        default:
            diagnostics.error("cannot look up \(left.type.noun) in \(right.type.noun)", at: expression.range)
            return invalid(expression)
        }
        return make(.binary(op, left, right), .bool, expression)
    }

    /// The common unit of two numeric operands, or an error: a bare number adopts the other side's unit where that
    /// unit accepts bare numbers (money, lots, prices), never for percentages, durations or timestamps.
    mutating func unify(
        _ left: CheckedExpression, _ right: CheckedExpression, _ expression: Expression, verb: String
    ) -> Unit? {
        guard let leftUnit = left.type.unit, let rightUnit = right.type.unit else { return nil }
        if leftUnit == rightUnit { return leftUnit }
        if left.isBareNumber, rightUnit.acceptsBareNumbers { return rightUnit }
        if right.isBareNumber, leftUnit.acceptsBareNumbers { return leftUnit }
        let (bare, typed, typedUnit) =
            left.isBareNumber
            ? (left, right, rightUnit) : right.isBareNumber ? (right, left, leftUnit) : (nil, nil, nil)
        if let bare, let typed, let typedUnit {
            var number = bare.constantNumber.map(Self.format) ?? bare.text
            if case .numberList(let values) = bare.kind, typedUnit == .percent {
                // A list needs the unit on each element: [1%, 2%], not [1, 2]%.
                number = "[" + values.map { Self.format($0) + "%" }.joined(separator: ", ") + "]"
                diagnostics.error(
                    "cannot look up \(typedUnit.noun) ('\(typed.text)') in a list of plain numbers", at: bare.range,
                    hint: "write \(number)")
                return nil
            }
            let hint: String
            switch typedUnit {
            case .percent: hint = "write \(number)% for a percentage"
            case .duration: hint = "write a duration such as \(number)s or \(number)m"
            default: hint = "compare a timestamp with another timestamp, or use now() - \(typed.text) for an age"
            }
            diagnostics.error(
                "cannot \(verb) \(typedUnit.noun) ('\(typed.text)') with a plain number", at: bare.range, hint: hint)
            return nil
        }
        diagnostics.error(
            "cannot \(verb) \(leftUnit.noun) with \(rightUnit.noun)", at: expression.range,
            hint: "'\(left.text)' is \(leftUnit.rawValue) and '\(right.text)' is \(rightUnit.rawValue)")
        return nil
    }

    private mutating func checkArithmetic(
        _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression, _ expression: Expression
    ) -> CheckedExpression {
        if op == .add, left.type == .string, right.type == .string {
            return make(.binary(op, left, right), .string, expression)
        }
        guard let leftUnit = left.type.unit, let rightUnit = right.type.unit else {
            let culprit = left.type.unit == nil ? left : right
            diagnostics.error(
                "'\(op.rawValue)' needs numbers, but '\(culprit.text)' is \(culprit.type.noun)", at: culprit.range)
            return invalid(expression)
        }
        let bothBare = left.isBareNumber && right.isBareNumber
        func result(_ unit: Unit) -> CheckedExpression {
            make(.binary(op, left, right), .numeric(unit), expression, bare: bothBare)
        }
        func fail(_ message: String, hint: String? = nil) -> CheckedExpression {
            diagnostics.error(message, at: expression.range, hint: hint)
            return invalid(expression)
        }
        switch op {
        case .add, .subtract:
            if leftUnit == .timestamp, rightUnit == .timestamp {
                return op == .subtract
                    ? result(.duration) : fail("cannot add two timestamps", hint: "subtract them for a duration")
            }
            if leftUnit == .timestamp, rightUnit == .duration { return result(.timestamp) }
            if leftUnit == .duration, rightUnit == .timestamp, op == .add { return result(.timestamp) }
            guard let unit = unify(left, right, expression, verb: op == .add ? "add" : "subtract") else {
                return invalid(expression)
            }
            return result(unit)
        case .multiply:
            if leftUnit == .timestamp || rightUnit == .timestamp { return fail("cannot multiply a timestamp") }
            if leftUnit == .number || left.isBareNumber { return result(rightUnit) }
            if rightUnit == .number || right.isBareNumber { return result(leftUnit) }
            if leftUnit == .percent, rightUnit != .percent { return result(rightUnit) }
            if rightUnit == .percent, leftUnit != .percent { return result(leftUnit) }
            return fail(
                "cannot multiply \(leftUnit.noun) by \(rightUnit.noun)",
                hint: "multiply by a plain number or a percentage")
        case .divide:
            if leftUnit == .timestamp || rightUnit == .timestamp { return fail("cannot divide a timestamp") }
            if leftUnit == rightUnit { return result(.number) }
            if rightUnit == .number || right.isBareNumber { return result(leftUnit) }
            if rightUnit == .percent { return result(leftUnit) }
            return fail(
                "cannot divide \(leftUnit.noun) by \(rightUnit.noun)",
                hint: "divide values of the same unit for a ratio, or divide by a plain number")
        default:
            return invalid(expression)
        }
    }
}
