/// Checks parsed rule files against the host's schema: resolves names, verifies types and units, lays out per-key
/// memory, and reports every problem with its position. Produces `CheckedRule`s for the compiler.
package struct Checker {
    let schema: LanguageSchema
    package var diagnostics: DiagnosticBag
    var constants: [String: CheckedExpression] = [:]
    var scope = Scope()

    /// What names mean where an expression is being checked.
    struct Scope {
        var stream: StreamSchema?
        /// In `let`: constants only. In `where`: no memory. In templates: `{rule}` and `{severity}` too.
        enum Place { case constant, filter, condition, key, template, windowArgument }
        var place: Place = .constant
        var windowKeys: [String: Int] = [:]
        var windowArguments: [CheckedExpression?] = []
        var windowExtremes: [SlidingWindow.Extremes] = []
        var windowDurations: [Double] = []
        var previousNumberKeys: [String: Int] = [:]
        var previousNumberArguments: [CheckedExpression] = []
        var previousStringKeys: [String: Int] = [:]
        var previousStringArguments: [CheckedExpression] = []
        var readsRelated = false

        /// The values sampled on every event for windows and `prev(…)`.
        var sampledCount: Int {
            windowArguments.count + previousNumberArguments.count + previousStringArguments.count
        }
    }

    package init(schema: LanguageSchema, file: SourceFile) {
        self.schema = schema
        self.diagnostics = DiagnosticBag(file: file)
    }

    var file: SourceFile { diagnostics.file }

    /// Where a constant was defined, so a second definition in another file can point at the first.
    package struct ConstantDefinition: Sendable {
        package var value: CheckedExpression
        package var path: String
        package var location: SourceLocation
    }

    /// Checks a file's `let` constants and adds them to `shared`: constants are visible to every file compiled
    /// together, so one file can hold the desk's group lists for all the others.
    package mutating func checkConstants(_ syntax: RuleFileSyntax, into shared: inout [String: ConstantDefinition]) {
        for constant in syntax.constants {
            scope = Scope()
            scope.place = .constant
            constants = shared.mapValues(\.value)
            let value = check(constant.value)
            let name = constant.name.name
            if let existing = shared[name] {
                let place =
                    existing.path == file.path
                    ? "line \(existing.location.line)" : "\(existing.path):\(existing.location)"
                diagnostics.error(
                    "constant '\(name)' is already defined at \(place)", at: constant.name.range,
                    hint: "constants are shared by all rule files checked together; give each its own name")
                continue
            }
            if !value.isInvalid, !value.isConstant {
                diagnostics.error(
                    "the value of '\(name)' must be a constant", at: constant.value.range,
                    hint: "a let holds literals and lists; put conditions on fields in a rule")
            }
            if schema.streams.contains(where: { $0.field(named: name) != nil }) {
                diagnostics.warning(
                    "constant '\(name)' has the name of a field; in rules the field wins",
                    at: constant.name.range, hint: "rename the constant")
            }
            shared[name] = ConstantDefinition(
                value: value, path: file.path, location: file.location(of: constant.name.range.start))
        }
    }

    /// Checks a file's rules, with every file's constants in scope.
    package mutating func checkRules(
        _ syntax: RuleFileSyntax, constants shared: [String: ConstantDefinition]
    ) -> [CheckedRule] {
        constants = shared.mapValues(\.value)
        var names = Set<String>()
        var rules: [CheckedRule] = []
        for rule in syntax.rules {
            if !names.insert(rule.name.name).inserted {
                diagnostics.error(
                    "rule '\(rule.name.name)' is defined twice in this file", at: rule.name.range,
                    hint: "rule names identify alerts; give each rule its own")
            }
            if let checked = check(rule) { rules.append(checked) }
        }
        return rules
    }

    mutating func check(_ rule: RuleDeclaration) -> CheckedRule? {
        scope = Scope()
        let errorsBefore = diagnostics.items.filter(\.isError).count
        guard let streamName = rule.stream else {
            diagnostics.error(
                "rule '\(rule.name.name)' has no 'on' clause", at: rule.name.range,
                hint: "say which events it watches, as in 'on margin' or 'on trade opened'")
            return nil
        }
        guard let stream = schema.stream(named: streamName.name) else {
            diagnostics.error(
                "unknown stream '\(streamName.name)'", at: streamName.range,
                hint: Suggestion.hint(for: streamName.name, among: schema.streams.map(\.name))
                    ?? "streams are \(schema.streams.map(\.name).joined(separator: ", "))")
            return nil
        }
        scope.stream = stream
        var kinds: [String] = []
        for kind in rule.kinds {
            if stream.kinds.contains(kind.name) {
                kinds.append(kind.name)
            } else if stream.kinds.isEmpty {
                diagnostics.error("the \(stream.name) stream has no kinds; remove '\(kind.name)'", at: kind.range)
            } else {
                diagnostics.error(
                    "unknown \(stream.name) kind '\(kind.name)'", at: kind.range,
                    hint: Suggestion.hint(for: kind.name, among: stream.kinds)
                        ?? "\(stream.name) kinds are \(stream.kinds.joined(separator: ", "))")
            }
        }

        scope.place = .filter
        let filter = rule.filter.map { checkCondition($0, clause: "where") }
        scope.place = .condition
        let condition = rule.condition.map { checkCondition($0, clause: "when") }
        let clearCondition = rule.clearCondition.map { checkCondition($0, clause: "clear when") }
        if condition == nil, !stream.isMomentary {
            diagnostics.error(
                "rule '\(rule.name.name)' has no 'when' clause", at: rule.name.range,
                hint: "say when it fires, as in 'when level < 100%'")
        }
        if clearCondition != nil, condition == nil {
            diagnostics.error("'clear when' needs a 'when' clause", at: rule.clearCondition!.range)
        }

        let key = checkKey(rule, stream: stream)
        let severity = checkSeverity(rule.severity)
        let step = rule.step.flatMap { checkStep($0, condition: condition) }
        for (value, clause) in [(rule.holdFor, "for"), (rule.renotify, "renotify every")] {
            if let value, value.value <= 0 {
                diagnostics.error("'\(clause)' needs a duration above zero", at: value.range)
            }
        }
        if let limit = rule.limit, limit.value.per <= 0 {
            diagnostics.error("'limit' needs a period above zero", at: limit.range)
        }
        var schedule: CompiledSchedule?
        if let located = rule.schedule {
            schedule = CompiledSchedule(located.value)
            if schedule == nil {
                diagnostics.error(
                    "unknown time zone '\(located.value.zoneIdentifier)'", at: located.range,
                    hint: "use UTC, an offset such as UTC+03:00, or a zone name such as Europe/London")
            }
            if located.value.startMinute == located.value.endMinute {
                diagnostics.error("the active period starts and ends at the same time", at: located.range)
            }
        }

        // What every event evaluates is checked by now; templates come last. A template's window or `prev` adds a
        // value sampled on every event, so templates that add one count as evaluated too.
        let evaluationReadsRelated = scope.readsRelated
        let sampledBeforeTemplates = scope.sampledCount
        scope.place = .template
        let actions = rule.actions.compactMap { checkAction($0, stream: stream) }
        let resolveActions = rule.resolveActions.compactMap { checkAction($0, stream: stream) }
        if actions.isEmpty, resolveActions.isEmpty, rule.shadow == nil {
            diagnostics.warning(
                "rule '\(rule.name.name)' has no actions: it records alerts but tells nobody", at: rule.name.range,
                hint: "add 'webhook NAME \"…\"', 'mail client …', 'news …' or 'log \"…\"'")
        }

        let memory = MemoryLayout(
            windowDurations: scope.windowDurations, windowExtremes: scope.windowExtremes,
            previousNumberCount: scope.previousNumberArguments.count,
            previousStringCount: scope.previousStringArguments.count)
        // Momentary: one-off events whose conditions need no history. Windows read only by messages keep their
        // history per key without making the alert last.
        let isMomentary =
            stream.isMomentary && rule.holdFor == nil && clearCondition == nil
            && condition?.usesMemory != true
        if isMomentary, !memory.isEmpty, rule.keyFields.isEmpty {
            diagnostics.warning(
                "window functions here follow one \(stream.naturalKey.joined(separator: ", ")) at a time",
                at: rule.name.range, hint: "add 'by login' (or another field) to follow the account")
        }
        if isMomentary, let renotify = rule.renotify {
            diagnostics.warning(
                "'renotify' has no effect here: a rule on single \(stream.name) events fires once per event",
                at: renotify.range)
        }
        var thresholds: [(Double, Bool)] = []
        for expression in [condition, clearCondition].compactMap({ $0 }) {
            collectSilenceThresholds(expression, into: &thresholds)
        }
        let errorsAfter = diagnostics.items.filter(\.isError).count
        guard errorsAfter == errorsBefore else { return nil }

        var observed: [CheckedExpression] = []
        for expression in [condition, clearCondition].compactMap({ $0 }) {
            collectObserved(expression, into: &observed)
        }
        var checked = CheckedRule(
            name: rule.name.name, file: file, range: rule.range, stream: stream, kinds: kinds,
            platforms: rule.platforms?.value ?? [], filter: filter, condition: condition,
            clearCondition: clearCondition, holdFor: rule.holdFor?.value ?? 0, key: key, severity: severity,
            renotify: rule.renotify?.value, step: step, limit: rule.limit?.value, schedule: schedule,
            shadow: rule.shadow != nil, labels: rule.labels.map { ($0.name.name, $0.value.value) }, actions: actions,
            resolveActions: resolveActions, memory: memory, windowArguments: scope.windowArguments,
            previousNumberArguments: scope.previousNumberArguments,
            previousStringArguments: scope.previousStringArguments, silenceThresholds: thresholds,
            observed: observed, isMomentary: isMomentary)
        checked.readsRelated = scope.readsRelated
        checked.evaluationReadsRelated =
            evaluationReadsRelated || (scope.readsRelated && scope.sampledCount > sampledBeforeTemplates)
        return checked
    }

    mutating func checkCondition(_ expression: Expression, clause: String) -> CheckedExpression {
        let checked = check(expression)
        if !checked.isInvalid, checked.type != .bool {
            diagnostics.error(
                "'\(clause)' needs a condition, but this is \(checked.type.noun)", at: expression.range,
                hint: "compare it, as in '\(checked.text) > …'")
        }
        return checked
    }

    mutating func checkKey(_ rule: RuleDeclaration, stream: StreamSchema) -> [(String, CheckedExpression)] {
        scope.place = .key
        var key: [(String, CheckedExpression)] = []
        // The natural key has no source text of its own; it is named after its fields.
        let fields: [(name: String?, expression: Expression)]
        if rule.keyFields.isEmpty {
            fields = stream.naturalKey.map { ($0, Expression(.name($0), range: rule.name.range)) }
        } else {
            fields = rule.keyFields.map { (nil, $0) }
        }
        if fields.count > 3, let range = rule.keyRange {
            diagnostics.error("an alert key has at most 3 fields", at: range)
        }
        for (name, field) in fields.prefix(3) {
            var checked = check(field)
            if let name { checked.text = name }
            if checked.isInvalid { continue }
            guard case .field = checked.kind, checked.type == .string || checked.type.unit != nil else {
                diagnostics.error(
                    "'by' takes field names, such as login or symbol", at: field.range,
                    hint: "\(stream.name) fields: \(stream.fields.map(\.name).joined(separator: ", "))")
                continue
            }
            key.append((checked.text, checked))
        }
        return key
    }

    mutating func checkSeverity(_ identifier: Identifier?) -> RuleSeverity {
        guard let identifier else { return .warning }
        if let severity = RuleSeverity(rawValue: identifier.name) { return severity }
        diagnostics.error(
            "unknown severity '\(identifier.name)'", at: identifier.range,
            hint: Suggestion.hint(for: identifier.name, among: RuleSeverity.allCases.map(\.rawValue))
                ?? "use info, warning or critical")
        return .warning
    }

    mutating func checkStep(_ expression: Expression, condition: CheckedExpression?) -> StepSpecification? {
        scope.place = .constant
        let amount = check(expression)
        scope.place = .condition
        guard !amount.isInvalid else { return nil }
        guard let value = amount.constantNumber, value > 0 else {
            diagnostics.error("'step' needs a constant amount above zero, such as 10%", at: expression.range)
            return nil
        }
        guard let condition, let (measure, lowerIsWorse) = Self.findMeasure(condition) else {
            diagnostics.error(
                "'step' needs a 'when' that compares a value with a threshold", at: expression.range,
                hint: "as in 'when level < 100%' with 'step 10%'")
            return nil
        }
        if let measureUnit = measure.type.unit, let amountUnit = amount.type.unit, measureUnit != amountUnit,
            !(amount.isBareNumber && measureUnit.acceptsBareNumbers)
        {
            diagnostics.error(
                "the step is \(amountUnit.noun) but '\(measure.text)' is \(measureUnit.noun)", at: expression.range,
                hint: measureUnit == .percent ? "write it as a percentage, as in \(Self.format(value))%" : nil)
            return nil
        }
        return StepSpecification(amount: value, measure: measure, lowerIsWorse: lowerIsWorse)
    }

    /// The value a `step` follows: the non-constant side of the condition's first threshold comparison.
    static func findMeasure(_ expression: CheckedExpression) -> (CheckedExpression, Bool)? {
        switch expression.kind {
        case .binary(let op, let left, let right) where op.isOrdering:
            if right.isConstant, !left.isConstant {
                return (left, op == .less || op == .lessEqual)
            }
            if left.isConstant, !right.isConstant {
                return (right, op == .greater || op == .greaterEqual)
            }
            return nil
        case .binary(.and, let left, let right), .binary(.or, let left, let right):
            return findMeasure(left) ?? findMeasure(right)
        default:
            return nil
        }
    }

    func collectObserved(_ expression: CheckedExpression, into observed: inout [CheckedExpression]) {
        switch expression.kind {
        case .field, .window, .previousNumber, .previousString, .silence:
            if !observed.contains(where: { $0.text == expression.text }) { observed.append(expression) }
        case .unary(_, let inner):
            collectObserved(inner, into: &observed)
        case .binary(_, let left, let right):
            collectObserved(left, into: &observed)
            collectObserved(right, into: &observed)
        case .function(_, let arguments):
            for argument in arguments { collectObserved(argument, into: &observed) }
        default:
            break
        }
    }

    /// Finds `silence >= 30s`-style comparisons, whose thresholds tell the engine when to wake up. Silence grows with
    /// the clock alone, so any other use could never fire on time: it is refused with a clear error.
    mutating func collectSilenceThresholds(_ expression: CheckedExpression, into thresholds: inout [(Double, Bool)]) {
        switch expression.kind {
        case .silence:
            diagnostics.error(
                "compare 'silence' directly with a constant duration", at: expression.range,
                hint: "write it as 'silence >= 30s' so mtrules knows when to check it")
        case .binary(let op, let left, let right):
            if op.isOrdering, case .silence = left.kind, let value = right.constantNumber {
                thresholds.append((value, op == .greater))
            } else if op.isOrdering, case .silence = right.kind, let value = left.constantNumber {
                thresholds.append((value, op == .less))
            } else {
                collectSilenceThresholds(left, into: &thresholds)
                collectSilenceThresholds(right, into: &thresholds)
            }
        case .unary(_, let inner):
            collectSilenceThresholds(inner, into: &thresholds)
        case .function(_, let arguments):
            for argument in arguments { collectSilenceThresholds(argument, into: &thresholds) }
        default:
            break
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
