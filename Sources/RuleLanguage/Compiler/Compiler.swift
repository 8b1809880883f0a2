/// Lowers checked rules into closures. All names were resolved by the checker, so nothing here looks anything up by
/// name per event: fields are slot reads, constants are captured values, lists are sets.
package struct Compiler {
    package init() {}

    static let alwaysTrue: BoolEvaluator = { _ in true }

    package func compile(_ rule: CheckedRule) -> CompiledRule {
        let observed = rule.observed.map { expression -> ObservedValue in
            var slot: Int?
            if case .window(_, let windowSlot, _) = expression.kind { slot = windowSlot }
            return ObservedValue(text: expression.text, render: renderer(expression, style: nil), windowSlot: slot)
        }
        let key = rule.key.map { part -> KeyPartReader in
            if part.expression.type == .string { return .string(string(part.expression)) }
            return .number(number(part.expression))
        }
        return CompiledRule(
            definition: rule,
            filter: rule.filter.map(boolean),
            filterReadsOnlyPartitions: rule.filter.map { readsOnlyPartitions($0, stream: rule.stream) } ?? true,
            condition: rule.condition.map(boolean) ?? Self.alwaysTrue,
            threshold: rule.condition.flatMap(threshold),
            clearCondition: rule.clearCondition.map(boolean),
            key: key,
            stepMeasure: rule.step.map { number($0.measure) },
            sampler: MemorySampler(
                windows: rule.windowArguments.map { $0.map(number) },
                previousNumbers: rule.previousNumberArguments.map(number),
                previousStrings: rule.previousStringArguments.map(string)),
            actions: rule.actions.map(action),
            resolveActions: rule.resolveActions.map(action),
            observed: observed)
    }

    func action(_ action: CheckedAction) -> CompiledAction {
        switch action {
        case .mail(let recipient, let subject, let body):
            return .mail(recipient: recipient, subject: subject.map(template), body: template(body))
        case .news(let topic, let body, let category, let highPriority):
            return .news(
                topic: template(topic), body: template(body), category: category.map(template),
                highPriority: highPriority)
        case .webhook(let receiver, let message):
            return .webhook(receiver: receiver, message: template(message))
        case .log(let message):
            return .log(message: template(message))
        }
    }

    func template(_ template: CheckedTemplate) -> CompiledTemplate {
        CompiledTemplate(
            pieces: template.segments.map { segment in
                switch segment {
                case .literal(let text): return .literal(text)
                case .value(let expression, let style): return .value(renderer(expression, style: style))
                }
            })
    }

    /// Renders a value for a message or an explanation, in its unit's default format or the one asked for.
    func renderer(_ expression: CheckedExpression, style: FormatSpec.Style?) -> StringEvaluator {
        switch expression.type {
        case .string:
            let read = string(expression)
            switch style {
            case .upper: return { read($0).uppercased() }
            case .lower: return { read($0).lowercased() }
            default: return read
            }
        case .bool:
            let read = boolean(expression)
            return { read($0) ? "true" : "false" }
        case .numeric(let unit):
            let read = number(expression)
            return { ValueFormatter.format(read($0), unit: unit, style: style) }
        case .list:
            if case .stringList(let values) = expression.kind {
                let joined = values.joined(separator: ", ")
                return { _ in joined }
            }
            if case .numberList(let values) = expression.kind {
                let unit = expression.type.unit ?? .number
                let joined = values.map { ValueFormatter.format($0, unit: unit, style: style) }.joined(separator: ", ")
                return { _ in joined }
            }
            return { _ in "" }
        }
    }

    /// The first term of the condition's top-level `and` that compares a memory-free number with a constant.
    func threshold(_ condition: CheckedExpression) -> Threshold? {
        switch condition.kind {
        case .binary(.and, let left, let right):
            return threshold(left) ?? threshold(right)
        case .binary(let op, let left, let right):
            guard left.type.unit != nil, right.type.unit != nil else { return nil }
            let comparisons: [BinaryOperator: Threshold.Comparison] = [
                .less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual,
            ]
            let flipped: [BinaryOperator: Threshold.Comparison] = [
                .less: .greater, .lessEqual: .greaterEqual, .greater: .less, .greaterEqual: .lessEqual,
            ]
            if let constant = right.constantNumber, !constant.isNaN, !left.usesMemory, left.constantNumber == nil,
                let comparison = comparisons[op]
            {
                return Threshold(valueText: left.text, value: number(left), comparison: comparison, constant: constant)
            }
            if let constant = left.constantNumber, !constant.isNaN, !right.usesMemory, right.constantNumber == nil,
                let comparison = flipped[op]
            {
                return Threshold(
                    valueText: right.text, value: number(right), comparison: comparison, constant: constant)
            }
            return nil
        default:
            return nil
        }
    }

    func readsOnlyPartitions(_ expression: CheckedExpression, stream: StreamSchema) -> Bool {
        switch expression.kind {
        case .number, .string, .boolean, .stringList, .numberList: return true
        case .field:
            // Partition fields are the stream's own fields marked so; namespace fields never are.
            return stream.fields.contains { $0.isPartition && $0.name == expression.text }
        case .unary(_, let inner): return readsOnlyPartitions(inner, stream: stream)
        case .binary(_, let left, let right):
            return readsOnlyPartitions(left, stream: stream) && readsOnlyPartitions(right, stream: stream)
        case .function(let function, let arguments):
            return function != .now && arguments.allSatisfy { readsOnlyPartitions($0, stream: stream) }
        default: return false
        }
    }
}
