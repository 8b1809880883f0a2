extension Checker {
    /// Every callable name once (`min` and `max` are both plain and window functions).
    static let functionNames: [String] = {
        var seen = Set<String>()
        return (WindowFunction.allCases.map(\.rawValue) + BuiltinFunction.allCases.map(\.rawValue) + ["prev"])
            .filter { seen.insert($0).inserted }
    }()

    mutating func checkCall(
        _ function: Identifier, _ arguments: [Expression], _ expression: Expression
    )
        -> CheckedExpression
    {
        let name = function.name
        let isWindowCall: Bool
        if let window = WindowFunction(rawValue: name) {
            switch window {
            case .count: isWindowCall = true
            case .min, .max:
                // min/max over a window when the last argument is a duration; otherwise the plain functions.
                if arguments.count == 2, case .duration = arguments[1].kind {
                    isWindowCall = true
                } else if arguments.count == 2, case .name(let constant) = arguments[1].kind,
                    constants[constant]?.type == .numeric(.duration)
                {
                    isWindowCall = true
                } else {
                    isWindowCall = false
                }
            default: isWindowCall = true
            }
            if isWindowCall { return checkWindow(window, function, arguments, expression) }
        }
        if name == "prev" { return checkPrevious(function, arguments, expression) }
        guard let builtin = BuiltinFunction(rawValue: name) else {
            diagnostics.error(
                "unknown function '\(name)'", at: function.range,
                hint: Suggestion.hint(for: name, among: Self.functionNames)
                    ?? "functions are \(Self.functionNames.joined(separator: ", "))")
            return invalid(expression)
        }
        let checked = arguments.map { check($0) }
        if checked.contains(where: \.isInvalid) { return invalid(expression) }
        func arity(_ range: ClosedRange<Int>, _ usage: String) -> Bool {
            if range.contains(checked.count) { return true }
            diagnostics.error(
                "\(name) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"), not \(checked.count)",
                at: expression.range, hint: "usage: \(usage)")
            return false
        }
        func requireNumeric(_ argument: CheckedExpression) -> Bool {
            if argument.type.unit != nil { return true }
            diagnostics.error("\(name) needs a number, but this is \(argument.type.noun)", at: argument.range)
            return false
        }
        func requireString(_ argument: CheckedExpression) -> Bool {
            if argument.type == .string { return true }
            diagnostics.error("\(name) needs a string, but this is \(argument.type.noun)", at: argument.range)
            return false
        }
        let node = CheckedExpressionKind.function(builtin, checked)
        switch builtin {
        case .abs, .floor, .ceil:
            guard arity(1...1, "\(name)(x)"), requireNumeric(checked[0]) else { return invalid(expression) }
            return make(node, checked[0].type, expression, bare: checked[0].isBareNumber)
        case .round:
            guard arity(1...2, "round(x) or round(x, digits)"), requireNumeric(checked[0]) else {
                return invalid(expression)
            }
            if checked.count == 2,
                checked[1].constantNumber.map({ $0 != $0.rounded() || abs($0) > 15 }) ?? true
                    || !checked[1].isBareNumber
            {
                diagnostics.error("round's digits must be a constant whole number from -15 to 15", at: checked[1].range)
                return invalid(expression)
            }
            return make(node, checked[0].type, expression, bare: checked[0].isBareNumber)
        case .min, .max:
            guard arity(2...16, "\(name)(a, b, …) or \(name)(x, 1h) over a window") else { return invalid(expression) }
            var unit: Unit?
            var bare = true
            for argument in checked {
                guard requireNumeric(argument) else { return invalid(expression) }
                if let current = unit {
                    var probe = checked[0]
                    probe.type = .numeric(current)
                    probe.isBareNumber = bare
                    guard let unified = unify(probe, argument, expression, verb: "take the \(name) of") else {
                        return invalid(expression)
                    }
                    unit = unified
                } else {
                    unit = argument.type.unit
                }
                bare = bare && argument.isBareNumber
            }
            return make(node, .numeric(unit ?? .number), expression, bare: bare)
        case .lower, .upper:
            guard arity(1...1, "\(name)(text)"), requireString(checked[0]) else { return invalid(expression) }
            return make(node, .string, expression)
        case .len:
            guard arity(1...1, "len(text)"), requireString(checked[0]) else { return invalid(expression) }
            return make(node, .numeric(.number), expression)
        case .contains, .startsWith, .endsWith:
            guard arity(2...2, "\(name)(text, part)"), requireString(checked[0]), requireString(checked[1]) else {
                return invalid(expression)
            }
            return make(node, .bool, expression)
        case .now:
            guard arity(0...0, "now()") else { return invalid(expression) }
            if scope.place == .constant || scope.place == .filter {
                diagnostics.error("now() belongs in 'when', 'clear when' or a message", at: expression.range)
                return invalid(expression)
            }
            return make(.now, .numeric(.timestamp), expression)
        }
    }

    private mutating func checkWindow(
        _ window: WindowFunction, _ function: Identifier, _ arguments: [Expression], _ expression: Expression
    ) -> CheckedExpression {
        let usage = window == .count ? "count(1m)" : "\(window.rawValue)(value, 1h)"
        guard memoryAllowed(function.name, expression) else { return invalid(expression) }
        let expected = window == .count ? 1 : 2
        guard arguments.count == expected else {
            diagnostics.error(
                "\(window.rawValue) takes \(expected) argument\(expected == 1 ? "" : "s"), not \(arguments.count)",
                at: expression.range, hint: "usage: \(usage)")
            return invalid(expression)
        }
        let outerPlace = scope.place
        scope.place = .constant
        let duration = check(arguments[expected - 1])
        scope.place = .windowArgument
        let argument = window == .count ? nil : check(arguments[0])
        scope.place = outerPlace
        if duration.isInvalid || argument?.isInvalid == true { return invalid(expression) }
        guard duration.type == .numeric(.duration), let seconds = duration.constantNumber, seconds > 0 else {
            diagnostics.error(
                "the window of \(window.rawValue) must be a constant duration above zero", at: duration.range,
                hint: "usage: \(usage)")
            return invalid(expression)
        }
        if let argument, argument.type.unit == nil || argument.type.unit == .timestamp {
            diagnostics.error(
                "\(window.rawValue) needs a number to follow, but '\(argument.text)' is \(argument.type.noun)",
                at: argument.range)
            return invalid(expression)
        }
        let memoryKey = "\(argument.map { Self.canonical($0.text) } ?? "#count")@\(seconds)"
        let slot: Int
        if let existing = scope.windowKeys[memoryKey] {
            slot = existing
        } else {
            slot = scope.windowDurations.count
            scope.windowKeys[memoryKey] = slot
            scope.windowDurations.append(seconds)
            scope.windowArguments.append(argument)
            scope.windowExtremes.append([])
        }
        switch window {
        case .max, .drop: scope.windowExtremes[slot].insert(.maximum)
        case .min, .rise: scope.windowExtremes[slot].insert(.minimum)
        case .count, .sum, .avg, .change: break
        }
        let type: ValueType
        switch window {
        case .change, .drop, .rise: type = .numeric(.percent)
        case .count: type = .numeric(.number)
        case .avg, .min, .max, .sum: type = argument?.type ?? .numeric(.number)
        }
        return make(.window(window, slot: slot, argument: argument), type, expression)
    }

    private mutating func checkPrevious(
        _ function: Identifier, _ arguments: [Expression], _ expression: Expression
    )
        -> CheckedExpression
    {
        guard memoryAllowed("prev", expression) else { return invalid(expression) }
        guard arguments.count == 1 else {
            diagnostics.error(
                "prev takes 1 argument, not \(arguments.count)", at: expression.range, hint: "usage: prev(level)")
            return invalid(expression)
        }
        let outerPlace = scope.place
        scope.place = .windowArgument
        let argument = check(arguments[0])
        scope.place = outerPlace
        if argument.isInvalid { return invalid(expression) }
        let key = Self.canonical(argument.text)
        switch argument.type {
        case .string:
            let slot = scope.previousStringKeys[key] ?? scope.previousStringArguments.count
            if scope.previousStringKeys[key] == nil {
                scope.previousStringKeys[key] = slot
                scope.previousStringArguments.append(argument)
            }
            return make(.previousString(slot: slot, argument: argument), .string, expression)
        case .numeric, .bool:
            let slot = scope.previousNumberKeys[key] ?? scope.previousNumberArguments.count
            if scope.previousNumberKeys[key] == nil {
                scope.previousNumberKeys[key] = slot
                scope.previousNumberArguments.append(argument)
            }
            return make(
                .previousNumber(slot: slot, argument: argument), argument.type, expression,
                bare: argument.isBareNumber)
        case .list:
            diagnostics.error("prev needs a field or value, not a list", at: argument.range)
            return invalid(expression)
        }
    }

    private mutating func memoryAllowed(_ name: String, _ expression: Expression) -> Bool {
        switch scope.place {
        case .condition, .template:
            return true
        case .windowArgument:
            diagnostics.error(
                "\(name)(…) cannot be nested inside another window function or prev", at: expression.range)
        case .filter:
            diagnostics.error(
                "\(name)(…) belongs in 'when': 'where' picks events before any history is kept", at: expression.range)
        case .constant, .key:
            diagnostics.error("\(name)(…) cannot be used here", at: expression.range)
        }
        return false
    }

    static func canonical(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace })
    }
}
