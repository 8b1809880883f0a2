extension Checker {
    func make(
        _ kind: CheckedExpressionKind, _ type: ValueType, _ expression: Expression, bare: Bool = false
    ) -> CheckedExpression {
        CheckedExpression(
            kind: kind, type: type, isBareNumber: bare, range: expression.range, text: file.text(of: expression.range))
    }

    func invalid(_ expression: Expression) -> CheckedExpression {
        make(.invalid, .bool, expression)
    }

    mutating func check(_ expression: Expression) -> CheckedExpression {
        switch expression.kind {
        case .number(let value):
            return make(.number(value), .numeric(.number), expression, bare: true)
        case .percent(let value):
            return make(.number(value), .numeric(.percent), expression)
        case .duration(let value):
            return make(.number(value), .numeric(.duration), expression)
        case .string(let value):
            return make(.string(value), .string, expression)
        case .boolean(let value):
            return make(.boolean(value), .bool, expression)
        case .list(let items):
            return checkList(items, expression)
        case .name(let name):
            return resolveName(name, expression)
        case .member(let base, let field):
            return resolveMember(base: base, field: field, expression)
        case .call(let function, let arguments):
            return checkCall(function, arguments, expression)
        case .unary(let op, let operand):
            return checkUnary(op, operand, expression)
        case .binary(let op, let left, let right):
            return checkBinary(op, left, right, expression)
        case .invalid:
            return invalid(expression)
        }
    }

    private mutating func checkList(_ items: [Expression], _ expression: Expression) -> CheckedExpression {
        let checked = items.map { check($0) }
        if checked.contains(where: \.isInvalid) { return invalid(expression) }
        if checked.isEmpty { return make(.stringList([]), .list(.string), expression) }
        if checked.allSatisfy({ $0.type == .string }), checked.allSatisfy(\.isConstant) {
            let strings = checked.compactMap { item -> String? in
                if case .string(let value) = item.kind { return value }
                if case .stringList = item.kind { return nil }
                return nil
            }
            if strings.count == checked.count { return make(.stringList(strings), .list(.string), expression) }
        }
        // A list may splice in other constant lists: ["a", real_groups].
        var strings: [String] = []
        var allStrings = true
        for item in checked {
            switch item.kind {
            case .string(let value): strings.append(value)
            case .stringList(let values): strings.append(contentsOf: values)
            default: allStrings = false
            }
        }
        if allStrings { return make(.stringList(strings), .list(.string), expression) }
        let numbers = checked.compactMap(\.constantNumber)
        if numbers.count == checked.count {
            let units = Set(checked.filter { !$0.isBareNumber }.compactMap(\.type.unit))
            if let unit = units.first, units.count == 1, !unit.acceptsBareNumbers,
                let bare = checked.first(where: \.isBareNumber)
            {
                diagnostics.error(
                    "a list of \(unit.rawValue) values holds a plain number", at: bare.range,
                    hint: unit == .percent ? "write \(bare.text)%" : "give it a unit, as in \(bare.text)s")
                return invalid(expression)
            }
            if units.count <= 1 {
                return make(
                    .numberList(numbers), .list(.numeric(units.first ?? .number)), expression,
                    bare: units.isEmpty)
            }
            diagnostics.error(
                "a list mixes units: \(units.map(\.noun).sorted().joined(separator: " and "))", at: expression.range)
            return invalid(expression)
        }
        diagnostics.error(
            "a list holds constant strings or constant numbers", at: expression.range,
            hint: "compare fields one by one, joined with 'or'")
        return invalid(expression)
    }

    private mutating func resolveName(_ name: String, _ expression: Expression) -> CheckedExpression {
        if scope.place != .constant, let stream = scope.stream, let field = stream.field(named: name) {
            if field.readsRelated { scope.readsRelated = true }
            return make(.field(field.reader), field.type, expression)
        }
        if let constant = constants[name] {
            var copy = constant
            copy.range = expression.range
            copy.text = name
            return copy
        }
        if scope.place != .constant, name == "silence" {
            if scope.place == .filter || scope.place == .key || scope.place == .windowArgument {
                diagnostics.error("'silence' belongs in 'when' or 'clear when'", at: expression.range)
                return invalid(expression)
            }
            return make(.silence, .numeric(.duration), expression)
        }
        if scope.place == .template, name == "rule" { return make(.ruleName, .string, expression) }
        if scope.place == .template, name == "severity" { return make(.severityName, .string, expression) }
        if scope.place != .constant, let namespace = schema.namespace(named: name),
            scope.stream?.namespaces.contains(name) == true
        {
            diagnostics.error(
                "'\(name)' is related state; name one of its fields", at: expression.range,
                hint: "as in \(name).\(Self.exampleField(of: namespace))")
            return invalid(expression)
        }
        if WindowFunction(rawValue: name) != nil || BuiltinFunction(rawValue: name) != nil || name == "prev" {
            diagnostics.error("'\(name)' is a function; call it with arguments", at: expression.range)
            return invalid(expression)
        }
        var candidates = Array(constants.keys)
        if scope.place != .constant, let stream = scope.stream {
            candidates += stream.fields.map(\.name) + ["silence"]
        }
        if scope.place == .constant {
            diagnostics.error(
                "unknown constant '\(name)'", at: expression.range,
                hint: Suggestion.hint(for: name, among: candidates) ?? "a let may only use literals and other constants"
            )
        } else {
            let streamName = scope.stream?.name ?? "this"
            diagnostics.error(
                "unknown field '\(name)' in the \(streamName) stream", at: expression.range,
                hint: Suggestion.hint(for: name, among: candidates) ?? otherStreamsHint(for: name))
        }
        return invalid(expression)
    }

    /// A field worth showing in a hint: the first plain number, which is what rules usually compare.
    static func exampleField(of namespace: NamespaceSchema) -> String {
        let numeric = namespace.fields.first { $0.type.unit != nil && $0.type.unit != .timestamp }
        return (numeric ?? namespace.fields.first)?.name ?? "field"
    }

    private func otherStreamsHint(for name: String) -> String? {
        let owners = schema.streams.filter { $0.field(named: name) != nil }.map(\.name)
        if !owners.isEmpty {
            return "'\(name)' is a field of the \(owners.joined(separator: ", ")) stream"
        }
        let namespaces = schema.namespaces.filter { $0.field(named: name) != nil }.map(\.name)
        if let first = namespaces.first { return "related state has it: \(first).\(name)" }
        return nil
    }

    private mutating func resolveMember(
        base: Identifier, field: Identifier, _ expression: Expression
    )
        -> CheckedExpression
    {
        guard scope.place != .constant else {
            diagnostics.error("a constant cannot read '\(base.name).\(field.name)'", at: expression.range)
            return invalid(expression)
        }
        guard let namespace = schema.namespace(named: base.name) else {
            diagnostics.error(
                "unknown related state '\(base.name)'", at: base.range,
                hint: Suggestion.hint(for: base.name, among: schema.namespaces.map(\.name))
                    ?? "related state is \(schema.namespaces.map(\.name).joined(separator: ", "))")
            return invalid(expression)
        }
        if let stream = scope.stream, !stream.namespaces.contains(namespace.name) {
            diagnostics.error(
                "rules on the \(stream.name) stream cannot read \(namespace.name).*", at: base.range,
                hint: stream.namespaces.isEmpty
                    ? nil : "available here: \(stream.namespaces.map { "\($0).*" }.joined(separator: ", "))")
            return invalid(expression)
        }
        guard let schemaField = namespace.field(named: field.name) else {
            diagnostics.error(
                "unknown field '\(field.name)' in \(namespace.name)", at: field.range,
                hint: Suggestion.hint(for: field.name, among: namespace.fields.map(\.name))
                    ?? "\(namespace.name) has \(namespace.fields.map(\.name).joined(separator: ", "))")
            return invalid(expression)
        }
        scope.readsRelated = true
        return make(.field(schemaField.reader), schemaField.type, expression)
    }

    private mutating func checkUnary(
        _ op: UnaryOperator, _ operand: Expression, _ expression: Expression
    )
        -> CheckedExpression
    {
        let inner = check(operand)
        if inner.isInvalid { return invalid(expression) }
        switch op {
        case .not:
            guard inner.type == .bool else {
                diagnostics.error("'not' needs a condition, but this is \(inner.type.noun)", at: operand.range)
                return invalid(expression)
            }
            return make(.unary(.not, inner), .bool, expression)
        case .negate:
            guard let unit = inner.type.unit, unit != .timestamp else {
                diagnostics.error("'-' needs a number, but this is \(inner.type.noun)", at: operand.range)
                return invalid(expression)
            }
            if let value = inner.constantNumber {
                return make(.number(-value), inner.type, expression, bare: inner.isBareNumber)
            }
            return make(.unary(.negate, inner), inner.type, expression, bare: inner.isBareNumber)
        }
    }
}
