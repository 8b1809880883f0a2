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

    /// MT4's limits on mail subjects, news topics and news categories.
    static let limits = ActionLimits(mailSubject: 128, newsTopic: 256, newsCategory: 64)

    static let language = LanguageSchema(streams: [margin, trade, tick], namespaces: [account], actionLimits: limits)
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
    _ numbers: [String: Double] = [:], strings: [String: String] = [:], now: Double = 0,
    memoryFor rule: CompiledRule? = nil
) -> EvaluationFrame {
    var record = Record(numberCount: TestSchema.numberSlots.count, stringCount: TestSchema.stringSlots.count)
    for (name, value) in numbers { record.numbers[TestSchema.number(name)] = value }
    for (name, value) in strings { record.strings[TestSchema.string(name)] = value }
    let frame = EvaluationFrame(event: record, namespaceCount: 1)
    frame.now = now
    if let rule { frame.keep(KeyMemory(layout: rule.definition.memory)) }
    return frame
}

/// Evaluates a `when` condition against one event.
func evaluate(
    _ condition: String, _ numbers: [String: Double] = [:], strings: [String: String] = [:], now: Double = 0,
    stream: String = "margin"
) throws -> Bool {
    let rule = try compileCondition(condition, stream: stream)
    return rule.condition(makeFrame(numbers, strings: strings, now: now, memoryFor: rule))
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

/// A diagnostic reduced to what tests compare: `line:column`, message and hint.
struct Problem: Equatable, Sendable, CustomStringConvertible {
    var at: String
    var message: String
    var hint: String?

    init(_ at: String, _ message: String, hint: String? = nil) {
        self.at = at
        self.message = message
        self.hint = hint
    }

    init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.location.description, diagnostic.message, hint: diagnostic.hint)
    }

    var description: String { "\(at) \(message)" + (hint.map { " [hint: \($0)]" } ?? "") }
}

/// The errors of compiling `source`, in reported order.
func problems(_ source: String) -> [Problem] {
    compile(source).diagnostics.filter(\.isError).map(Problem.init)
}

/// The warnings of compiling `source`, in reported order.
func warnings(_ source: String) -> [Problem] {
    compile(source).diagnostics.filter { !$0.isError }.map(Problem.init)
}

/// `rule a { on STREAM; clauses…; log "x" }`, one clause a line: the first clause is on line 3, column 5.
func ruleSource(on stream: String = "margin", _ clauses: String...) -> String {
    ruleSource(named: "a", on: stream, clauses)
}

/// `ruleSource` with another rule name.
func ruleSource(named name: String, on stream: String = "margin", _ clauses: [String]) -> String {
    "rule \(name) {\n    on \(stream)\n" + clauses.map { "    \($0)\n" }.joined() + "    log \"x\"\n}\n"
}

/// 2026-01-05T00:00:00Z, a Monday.
let monday: Double = 1_767_571_200
let hour: Double = 3600
let day: Double = 86_400

/// A small deterministic generator (SplitMix64), so random tests reproduce exactly on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, independent of the standard library's sampling algorithm.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }
}

/// A rule file using every clause, action and expression form of the language; valid against `TestSchema`.
let kitchenSink = """
    # Risk desk rules
    let vip = [1001, 1002]
    let realGroups = ["real-*", "ecn-*"]

    rule marginCall {
        on margin
        platform "MT4", "MT5"
        where group matches realGroups and login not in vip
        when level < 100%
            and equity > 0
        clear when level > 120%
        for 30s
        by login
        severity critical
        renotify every 4h
        step 10%
        limit 20 per 1m
        active during mon-fri 08:00-22:00 UTC
        labels { desk: "B-book", team: "risk" }
        mail client subject "Margin {level:.1f}%" body "Equity {equity:money}, margin {margin:money}"
        news topic "Margin call" body "{login}: {level}%" category "risk" priority high
        webhook desk "{rule} {severity}: {login} at {level:.2f}% ({now() - updated:duration} old)"
        log "margin {level}"
        on resolve log "{login} recovered"
    }

    rule bigLoss {
        on trade closed
        where symbol matches "XAU*"
        when profit < -10000 or volume * 2 > 100
        mail [1001] body "Order {order} lost {abs(profit):money}"
        webhook desk "{upper(symbol)} {comment:lower}"
    }

    rule quiet {
        on tick
        when silence > 5m and count(10m) < 3 or drop(bid, 1h) > 5% or avg(ask - bid, 10m) > 0.5
        shadow
    }

    rule flip {
        on margin
        when prev(group) != group and prev(level) > level
        log "{prev(group)} → {group}"
    }
    """
