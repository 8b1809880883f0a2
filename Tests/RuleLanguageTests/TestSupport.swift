import Testing

@testable import RuleLanguage

/// A small schema of our own, so the language is tested without the trading host.
///
/// Streams: `margin` (state, natural key `login`, may read `account.*`), `trade` (momentary, kinds
/// opened/modified/closed), `tick` (no client, no namespaces). Namespace: `account` (slot 0).
enum TestSchema {
    /// Number slots (booleans are stored as numbers too).
    static let numberSlots = [
        "time", "login", "equity", "balance", "margin", "level", "volume", "price", "updated", "age", "count",
        "enabled", "order", "profit", "bid", "ask",
    ]
    static let stringSlots = ["group", "comment", "symbol", "name", "platform", "kind"]

    static func number(_ name: String) -> Int { numberSlots.firstIndex(of: name)! }
    static func string(_ name: String) -> Int { stringSlots.firstIndex(of: name)! }

    static func field(_ name: String, _ type: ValueType, partition: Bool = false) -> FieldSchema {
        let reader: FieldReader
        switch type {
        case .string:
            let slot = string(name)
            reader = .string({ $0.event.strings[slot] })
        case .bool:
            let slot = number(name)
            reader = .bool({ $0.event.numbers[slot] != 0 && !$0.event.numbers[slot].isNaN })
        default:
            let slot = number(name)
            reader = .number({ $0.event.numbers[slot] })
        }
        return FieldSchema(name: name, type: type, reader: reader, summary: name, isPartition: partition)
    }

    static let common: [FieldSchema] = [
        field("time", .numeric(.timestamp)), field("platform", .string), field("kind", .string),
    ]

    static let margin = StreamSchema(
        name: "margin", kinds: [],
        fields: common + [
            field("login", .numeric(.number)),
            field("group", .string, partition: true),
            field("equity", .numeric(.money)),
            field("balance", .numeric(.money)),
            field("margin", .numeric(.money)),
            field("level", .numeric(.percent)),
            field("volume", .numeric(.lots)),
            field("price", .numeric(.price)),
            field("updated", .numeric(.timestamp)),
            field("age", .numeric(.duration)),
            field("count", .numeric(.number)),
            field("enabled", .bool),
            field("comment", .string),
            field("name", .string),
        ],
        naturalKey: ["login"], clientField: "login", namespaces: ["account"], summary: "margin state")

    static let trade = StreamSchema(
        name: "trade", kinds: ["opened", "modified", "closed"],
        fields: common + [
            field("order", .numeric(.number)),
            field("login", .numeric(.number)),
            field("symbol", .string, partition: true),
            field("profit", .numeric(.money)),
            field("volume", .numeric(.lots)),
            field("comment", .string),
        ],
        naturalKey: ["order"], clientField: "login", namespaces: ["account"], isMomentary: true, summary: "trades")

    static let tick = StreamSchema(
        name: "tick", kinds: [],
        fields: common + [
            field("symbol", .string, partition: true),
            field("bid", .numeric(.price)),
            field("ask", .numeric(.price)),
        ],
        naturalKey: ["symbol"], clientField: nil, namespaces: [], summary: "quotes")

    static let accountLevelSlot = 0
    static let accountNameSlot = 0

    static let account = NamespaceSchema(
        name: "account", slot: 0,
        fields: [
            FieldSchema(
                name: "level", type: .numeric(.percent),
                reader: .number({ $0.related[0]?.numbers[accountLevelSlot] ?? .nan }), summary: "level"),
            FieldSchema(
                name: "name", type: .string, reader: .string({ $0.related[0]?.strings[accountNameSlot] ?? "" }),
                summary: "name"),
        ], summary: "the account")

    static let language = LanguageSchema(streams: [margin, trade, tick], namespaces: [account])
    static let compiler = RuleSetCompiler(schema: language)
}

/// Compiles rule source against the test schema.
func compile(_ source: String, path: String = "test.rules") -> RuleSetCompiler.Result {
    TestSchema.compiler.compile(source: source, path: path)
}

/// Compiles a single rule and returns it; records an issue (and throws) when compiling fails.
func compileRule(_ source: String, named name: String? = nil) throws -> CompiledRule {
    let result = compile(source)
    let errors = result.diagnostics.filter(\.isError).map { "\($0.location): \($0.message)" }
    #expect(errors.isEmpty, "unexpected errors: \(errors)")
    let rules = try #require(result.ruleSet?.rules)
    if let name { return try #require(rules.first { $0.name == name }) }
    return try #require(rules.first)
}

/// A rule on `stream` with the given `when` (and optional extra clauses), so a condition can be evaluated.
func compileCondition(_ condition: String, stream: String = "margin", extra: String = "") throws -> CompiledRule {
    try compileRule(
        """
        rule probe {
            on \(stream)
            when \(condition)
            \(extra)
            log "x"
        }
        """)
}

/// A frame holding one event of the test schema. Unset numbers are NaN, unset strings empty.
func makeFrame(
    _ numbers: [String: Double] = [:], strings: [String: String] = [:], now: Double = 0, memoryFor rule: CompiledRule? = nil
) -> EvaluationFrame {
    var record = Record(numberCount: TestSchema.numberSlots.count, stringCount: TestSchema.stringSlots.count)
    for (name, value) in numbers { record.numbers[TestSchema.number(name)] = value }
    for (name, value) in strings { record.strings[TestSchema.string(name)] = value }
    let frame = EvaluationFrame(event: record, namespaceCount: 1)
    frame.now = now
    if let rule { frame.memory = KeyMemory(layout: rule.definition.memory) }
    return frame
}

/// Evaluates a `when` condition against one event.
func evaluate(
    _ condition: String, _ numbers: [String: Double] = [:], strings: [String: String] = [:], stream: String = "margin"
) throws -> Bool {
    let rule = try compileCondition(condition, stream: stream)
    return rule.condition(makeFrame(numbers, strings: strings, memoryFor: rule))
}

/// Renders a `log` message template of a margin rule for one event.
func render(
    _ template: String, _ numbers: [String: Double] = [:], strings: [String: String] = [:], now: Double = 0
) throws -> String {
    let rule = try compileRule(
        """
        rule probe {
            on margin
            when level < 100%
            log "\(template)"
        }
        """)
    guard case .log(let message)? = rule.actions.first else {
        Issue.record("expected a log action")
        return ""
    }
    let frame = makeFrame(numbers, strings: strings, now: now, memoryFor: rule)
    frame.ruleName = rule.name
    frame.severityName = rule.definition.severity.rawValue
    return message.render(frame)
}

/// A diagnostic reduced to what tests compare: position, severity, message and hint.
struct Reported: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var hint: String?
    var isError: Bool

    init(_ diagnostic: Diagnostic) {
        line = diagnostic.location.line
        column = diagnostic.location.column
        message = diagnostic.message
        hint = diagnostic.hint
        isError = diagnostic.isError
    }

    var description: String { "\(line):\(column) \(isError ? "error" : "warning"): \(message) [hint: \(hint ?? "-")]" }
}

/// The errors of compiling `source`, in reported order.
func errors(of source: String) -> [Reported] {
    compile(source).diagnostics.filter(\.isError).map(Reported.init)
}

/// A rule body wrapped in `rule r { ... }` with a log action, for diagnostics on one clause.
func ruleSource(_ clauses: String, stream: String = "margin") -> String {
    "rule r {\n    on \(stream)\n\(clauses)\n    log \"x\"\n}\n"
}
