public typealias NumberEvaluator = @Sendable (EvaluationFrame) -> Double
public typealias BoolEvaluator = @Sendable (EvaluationFrame) -> Bool
public typealias StringEvaluator = @Sendable (EvaluationFrame) -> String

/// One part of an alert key, read from the event.
public enum KeyPartReader: Sendable {
    case number(NumberEvaluator)
    case string(StringEvaluator)
}

/// A message template compiled to literal pieces and value renderers.
public struct CompiledTemplate: Sendable {
    enum Piece: Sendable {
        case literal(String)
        case value(StringEvaluator)
    }

    let pieces: [Piece]

    public func render(_ frame: EvaluationFrame) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .value(let render): out += render(frame)
            }
        }
        return out
    }
}

/// A compiled action: the same shape as `CheckedAction`, with templates ready to render.
public enum CompiledAction: Sendable {
    case mail(recipient: CheckedAction.Recipient, subject: CompiledTemplate?, body: CompiledTemplate)
    case news(topic: CompiledTemplate, body: CompiledTemplate, category: CompiledTemplate?, highPriority: Bool)
    case webhook(receiver: String, message: CompiledTemplate)
    case log(message: CompiledTemplate)
}

/// An input shown when explaining an alert: its source text and how to read its current value.
public struct ObservedValue: Sendable {
    public let text: String
    public let render: StringEvaluator
    /// For window functions, the slot whose samples the explanation lists.
    public let windowSlot: Int?
}

/// A comparison of a value with a constant that must hold for a rule's condition to hold: the condition itself, or a
/// term of its top-level `and` (`level < 100%` in `level < 100% and margin > 0`). The value needs no per-key memory,
/// so an engine can evaluate it once per event for every rule comparing the same value, and find the rules whose
/// threshold holds by a binary search instead of evaluating each rule.
public struct Threshold: Sendable {
    public enum Comparison: Sendable, Hashable {
        case less, lessEqual, greater, greaterEqual
    }

    /// The value's source text: rules whose text is equal compare the same value.
    public let valueText: String
    public let value: NumberEvaluator
    public let comparison: Comparison
    public let constant: Double
}

/// A rule ready to evaluate: its checked definition plus closures for every expression.
public struct CompiledRule: Sendable {
    public let definition: CheckedRule
    public let filter: BoolEvaluator?
    /// True when the filter reads only partition fields (group, symbol), so its answer can be cached per value.
    public let filterReadsOnlyPartitions: Bool
    public let condition: BoolEvaluator
    /// A comparison with a constant the condition cannot hold without; nil when it has none.
    public let threshold: Threshold?
    public let clearCondition: BoolEvaluator?
    public let key: [KeyPartReader]
    public let stepMeasure: NumberEvaluator?
    public let sampler: MemorySampler
    public let actions: [CompiledAction]
    public let resolveActions: [CompiledAction]
    public let observed: [ObservedValue]
    /// A stable hash of the rule's source text and the constants it can see: equal fingerprints mean the rule
    /// behaves the same, so a restart or reload may keep its alerts' state. Set by `RuleSetCompiler`.
    public internal(set) var fingerprint: String = ""

    public var name: String { definition.name }

    /// Per window, the value it samples (nil for `count`).
    public var windowSamplers: [NumberEvaluator?] { sampler.windows }

    /// Records the current event in the key's memory (see `MemorySampler.record`).
    public func recordEvent(in frame: EvaluationFrame) {
        sampler.record(in: frame)
    }

    /// After evaluation, remembers this event's values for `prev(…)` (see `MemorySampler.commit`).
    public func commitLatest(in frame: EvaluationFrame) {
        sampler.commit(in: frame)
    }
}

/// Rules from one or more files, compiled together (rule names are unique across them).
public struct CompiledRuleSet: Sendable {
    public let rules: [CompiledRule]
    /// Content hashes of the files the rules came from, by path.
    public let fileHashes: [String: String]

    public init(rules: [CompiledRule], fileHashes: [String: String]) {
        self.rules = rules
        self.fileHashes = fileHashes
    }
}
