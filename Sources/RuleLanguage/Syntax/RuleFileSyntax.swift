/// A whole rule file as parsed: constants and rules in source order.
public struct RuleFileSyntax: Sendable {
    public var file: SourceFile
    public var constants: [ConstantDeclaration]
    public var rules: [RuleDeclaration]
}

/// `let name = expression`: a named constant, visible to every rule in the same file.
public struct ConstantDeclaration: Sendable {
    public var name: Identifier
    public var value: Expression
}

/// A value with the source range of the clause it came from, so checks can point at it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// `rule name { ... }` as written. Each clause may appear once; actions any number of times.
public struct RuleDeclaration: Sendable {
    public var name: Identifier
    public var range: SourceRange
    public var stream: Identifier?
    public var kinds: [Identifier] = []
    public var platforms: Located<[String]>?
    public var filter: Expression?
    public var condition: Expression?
    public var clearCondition: Expression?
    public var holdFor: Located<Double>?
    public var keyFields: [Expression] = []
    public var keyRange: SourceRange?
    public var severity: Identifier?
    public var renotify: Located<Double>?
    public var step: Expression?
    public var limit: Located<(count: Int, per: Double)>?
    public var schedule: Located<Schedule>?
    public var shadow: SourceRange?
    public var labels: [(name: Identifier, value: Located<String>)] = []
    public var actions: [Action] = []
    public var resolveActions: [Action] = []

    public init(name: Identifier, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// What a rule does when it fires (or resolves).
public struct Action: Sendable {
    public enum Kind: Sendable {
        case mail(recipient: MailRecipient, subject: Template?, body: Template)
        case news(topic: Template, body: Template, category: Template?, highPriority: Bool)
        case webhook(receiver: Identifier, message: Template)
        case log(message: Template)
    }

    public var kind: Kind
    public var range: SourceRange
}

/// Who gets a `mail`: the account the alert is about, fixed logins, or a named list from the configuration.
public enum MailRecipient: Sendable {
    case client(SourceRange)
    case logins([Expression], SourceRange)
    case named(Identifier)
}

/// `active during mon-fri 08:00-22:00 UTC`: the weekdays and local times during which a rule evaluates.
public struct Schedule: Sendable, Hashable {
    /// Weekdays, 1 = Monday … 7 = Sunday.
    public var days: Set<Int>
    /// Minutes after local midnight; `end <= start` wraps past midnight.
    public var startMinute: Int
    public var endMinute: Int
    /// Seconds east of UTC for a fixed zone; `nil` when `zoneIdentifier` names a tz database zone.
    public var zoneIdentifier: String

    public init(days: Set<Int>, startMinute: Int, endMinute: Int, zoneIdentifier: String) {
        self.days = days
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.zoneIdentifier = zoneIdentifier
    }
}
