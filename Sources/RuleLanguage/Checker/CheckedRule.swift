/// How serious an alert is; a rule says `severity info|warning|critical` (warning when omitted).
public enum RuleSeverity: String, Sendable, CaseIterable {
    case info, warning, critical
}

/// A message template whose placeholders are checked expressions.
public struct CheckedTemplate: Sendable {
    public enum Segment: Sendable {
        case literal(String)
        case value(CheckedExpression, FormatSpec.Style?)
    }

    public var segments: [Segment]
}

/// A checked action, ready to compile.
public enum CheckedAction: Sendable {
    public enum Recipient: Sendable, Hashable {
        /// The account the alert is about.
        case client
        case logins([Int])
        /// A named list from the configuration (`mail managers`).
        case named(String)
    }

    case mail(recipient: Recipient, subject: CheckedTemplate?, body: CheckedTemplate)
    case news(topic: CheckedTemplate, body: CheckedTemplate, category: CheckedTemplate?, highPriority: Bool)
    case webhook(receiver: String, message: CheckedTemplate)
    case log(message: CheckedTemplate)
}

/// `step`: re-alert each time the measured value worsens by `amount` past the last level notified.
public struct StepSpecification: Sendable {
    public var amount: Double
    public var measure: CheckedExpression
    /// True when lower values are worse (`level < 100%`), false when higher are (`volume > 50`).
    public var lowerIsWorse: Bool
}

/// A rule after checking: every name resolved, every type and unit verified.
public struct CheckedRule: Sendable {
    public var name: String
    public var file: SourceFile
    public var range: SourceRange
    public var stream: StreamSchema
    /// Kinds the rule listens to; empty for all of the stream's kinds.
    public var kinds: [String]
    public var platforms: [String]
    public var filter: CheckedExpression?
    public var condition: CheckedExpression?
    public var clearCondition: CheckedExpression?
    public var holdFor: Double
    public var key: [(name: String, expression: CheckedExpression)]
    public var severity: RuleSeverity
    public var renotify: Double?
    public var step: StepSpecification?
    public var limit: (count: Int, per: Double)?
    public var schedule: CompiledSchedule?
    public var shadow: Bool
    public var labels: [(name: String, value: String)]
    public var actions: [CheckedAction]
    public var resolveActions: [CheckedAction]
    public var memory: MemoryLayout
    /// The value each window slot samples (nil for `count`).
    public var windowArguments: [CheckedExpression?]
    public var previousNumberArguments: [CheckedExpression]
    public var previousStringArguments: [CheckedExpression]
    /// `silence >= 30s` thresholds, so timers can re-evaluate when silence crosses them.
    public var silenceThresholds: [(seconds: Double, strict: Bool)]
    /// The inputs an explanation shows: fields, window functions and previous values the conditions read.
    public var observed: [CheckedExpression]
    /// Momentary rules fire and resolve on the same event (one-off happenings such as a trade being opened).
    public var isMomentary: Bool
    /// True when anything the rule evaluates or renders reads related state (`account.*`, `symbol.*`, `quote.*`, or a
    /// derived field built on it): only then does an alert keep the related records of its last event.
    public var readsRelated = false
    /// True when what every event evaluates reads related state: the filter, conditions, key, step, or a value a
    /// window or `prev` samples. When only messages read it, the engine looks related records up only for the events
    /// that reach an alert (a large trade's message reads the account's equity; most trades are not large).
    public var evaluationReadsRelated = false
}
