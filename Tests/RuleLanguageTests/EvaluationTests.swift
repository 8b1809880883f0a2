import Testing

@testable import RuleLanguage

/// A condition, one event, and whether the condition holds for it.
struct ConditionCase: Sendable, CustomTestStringConvertible {
    let condition: String
    let numbers: [String: Double]
    let strings: [String: String]
    let now: Double
    let expected: Bool

    init(_ condition: String, _ numbers: [String: Double], now: Double = 0, _ expected: Bool) {
        self.condition = condition
        self.numbers = numbers
        self.strings = [:]
        self.now = now
        self.expected = expected
    }

    init(_ condition: String, strings: [String: String], _ expected: Bool) {
        self.condition = condition
        self.numbers = [:]
        self.strings = strings
        self.now = 0
        self.expected = expected
    }

    init(_ condition: String, _ expected: Bool) {
        self.init(condition, [:], expected)
    }

    var testDescription: String { "\(condition) → \(expected)" }
}

@Suite("Evaluating compiled conditions")
struct EvaluationTests {
    static let arithmeticCases: [ConditionCase] = [
        ConditionCase("equity * 50% == 500", ["equity": 1000], true),
        ConditionCase("50% * equity == 500", ["equity": 1000], true),
        ConditionCase("equity * level == 250", ["equity": 1000, "level": 25], true),
        ConditionCase("equity / 50% == 2000", ["equity": 1000], true),
        ConditionCase("equity * 2 == 2000", ["equity": 1000], true),
        ConditionCase("equity / 4 == 250", ["equity": 1000], true),
        ConditionCase("level * 2 == 190%", ["level": 95], true),
        ConditionCase("level / 2 == 47.5%", ["level": 95], true),
        ConditionCase("level / 50% == 1.9", ["level": 95], true),
        ConditionCase("equity / balance == 2", ["equity": 1000, "balance": 500], true),
        ConditionCase("equity - margin == 400", ["equity": 1000, "margin": 600], true),
        ConditionCase("equity + 1 == 1001", ["equity": 1000], true),
        ConditionCase("-equity == -1000", ["equity": 1000], true),
        ConditionCase("level > 50% * 2", ["level": 99], false),
        ConditionCase("level > 50% * 2", ["level": 101], true),
        ConditionCase("1 + 2 * 3 == 7", true),
        ConditionCase("(1 + 2) * 3 == 9", true),
        ConditionCase("10 - 2 - 3 == 5", true),
        ConditionCase("12 / 3 / 2 == 2", true),
        ConditionCase("- -5 == 5", true),
        ConditionCase("now() - updated == 90s", ["updated": monday], now: monday + 90, true),
        ConditionCase("now() - updated > 1m", ["updated": monday], now: monday + 59, false),
        ConditionCase("updated + 1h > now()", ["updated": monday], now: monday + 3599, true),
        ConditionCase("updated + 1h > now()", ["updated": monday], now: monday + 3601, false),
        ConditionCase("1h + updated == now()", ["updated": monday], now: monday + 3600, true),
        ConditionCase("updated - 1d < now() - 23h", ["updated": monday], now: monday, true),
        ConditionCase("age == 1m30s", ["age": 90], true),
        ConditionCase("age * 2 == 3m", ["age": 90], true),
        ConditionCase("1h * 50% == 30m", true),
        ConditionCase("age * 50% == 45s", ["age": 90], true),
        ConditionCase("count * 50% == 5000%", ["count": 100], true),
        ConditionCase("equity / balance * 100% == 50%", ["equity": 500, "balance": 1000], true),
        ConditionCase("volume >= 1.5", ["volume": 1.5], true),
        ConditionCase("volume > 1.5", ["volume": 1.5], false),
    ]

    @Test("arithmetic follows units: a percentage of money is a share of it", arguments: arithmeticCases)
    func arithmetic(_ testCase: ConditionCase) throws {
        let result = try evaluate(testCase.condition, testCase.numbers, strings: testCase.strings, now: testCase.now)
        #expect(result == testCase.expected)
    }

    static let membershipCases: [ConditionCase] = [
        ConditionCase("level in [95%, 96%]", ["level": 95], true),
        ConditionCase("level in [95%, 96%]", ["level": 97], false),
        ConditionCase("level not in [95%]", ["level": 95], false),
        ConditionCase("login in [1001, 1002]", ["login": 1002], true),
        ConditionCase("login in [1001, 1002]", ["login": 1003], false),
        ConditionCase("login not in [1001]", ["login": 1003], true),
        ConditionCase("login in [1001, 1002,]", ["login": 1002], true),
        ConditionCase("volume in [1, 2]", ["volume": 2], true),
        ConditionCase("age in [30s, 1m]", ["age": 60], true),
        ConditionCase("group in [\"real\", \"demo\"]", strings: ["group": "demo"], true),
        ConditionCase("group in [\"real\", \"demo\"]", strings: ["group": "Demo"], false),
        ConditionCase("group not in [\"real\"]", strings: ["group": "demo"], true),
        ConditionCase("group not in [\"real\"]", strings: ["group": "real"], false),
        ConditionCase("group in []", strings: ["group": ""], false),
        ConditionCase("group matches \"real-*\"", strings: ["group": "REAL-ECN"], true),
        ConditionCase("group matches \"real-*\"", strings: ["group": "demo-real-x"], false),
        ConditionCase("group matches [\"demo?\", \"x*\"]", strings: ["group": "demo1"], true),
        ConditionCase("group matches [\"demo?\", \"x*\"]", strings: ["group": "demo12"], false),
        ConditionCase("group matches [\"demo?\", \"x*\"]", strings: ["group": "XY"], true),
        ConditionCase("group matches \"*\"", strings: ["group": ""], true),
        ConditionCase("not (group matches \"real*\")", strings: ["group": "demo"], true),
        ConditionCase("comment matches \"*hedge*\"", strings: ["comment": "auto HEDGE 2"], true),
    ]

    @Test("in, not in and matches (case-insensitive globs)", arguments: membershipCases)
    func membership(_ testCase: ConditionCase) throws {
        let result = try evaluate(testCase.condition, testCase.numbers, strings: testCase.strings)
        #expect(result == testCase.expected)
    }

    static let stringsCases: [ConditionCase] = [
        ConditionCase("group == \"real\"", strings: ["group": "real"], true),
        ConditionCase("group == \"Real\"", strings: ["group": "real"], false),
        ConditionCase("group != \"real\"", strings: ["group": "demo"], true),
        ConditionCase("group < \"b\"", strings: ["group": "a"], true),
        ConditionCase("group >= \"b\"", strings: ["group": "a"], false),
        ConditionCase("lower(group) == \"real\"", strings: ["group": "REAL"], true),
        ConditionCase("upper(group) == \"REAL\"", strings: ["group": "real"], true),
        ConditionCase("len(name) == 4", strings: ["name": "José"], true),
        ConditionCase("len(name) > 0", strings: ["name": ""], false),
        ConditionCase("contains(comment, \"hedge\")", strings: ["comment": "auto hedge"], true),
        ConditionCase("contains(comment, \"hedge\")", strings: ["comment": "AUTO HEDGE"], false),
        ConditionCase("contains(lower(comment), \"hedge\")", strings: ["comment": "AUTO HEDGE"], true),
        ConditionCase("startsWith(group, \"real\")", strings: ["group": "real-ecn"], true),
        ConditionCase("startsWith(group, \"ecn\")", strings: ["group": "real-ecn"], false),
        ConditionCase("endsWith(group, \"ecn\")", strings: ["group": "real-ecn"], true),
        ConditionCase("endsWith(group, \"real\")", strings: ["group": "real-ecn"], false),
        ConditionCase("group + \"-\" + comment == \"a-b\"", strings: ["group": "a", "comment": "b"], true),
    ]

    @Test("string comparisons and string functions", arguments: stringsCases)
    func strings(_ testCase: ConditionCase) throws {
        let result = try evaluate(testCase.condition, testCase.numbers, strings: testCase.strings)
        #expect(result == testCase.expected)
    }

    static let functionsCases: [ConditionCase] = [
        ConditionCase("min(level, 50%) == 50%", ["level": 95], true),
        ConditionCase("min(level, 50%) == 50%", ["level": 45], false),
        ConditionCase("max(equity, balance) == 1000", ["equity": 1000, "balance": 500], true),
        ConditionCase("max(equity, balance) == 1000", ["equity": 100, "balance": 500], false),
        ConditionCase("max(1, 7, 3) == 7", true),
        ConditionCase("min(4, 2, 3) == 2", true),
        ConditionCase("min(equity, 100) == 100", ["equity": 1000], true),
        ConditionCase("round(level) == 96%", ["level": 95.5], true),
        ConditionCase("round(level) == 95%", ["level": 95.49], true),
        ConditionCase("round(level, 1) == 33.3%", ["level": 33.333], true),
        ConditionCase("round(equity, -2) == 1200", ["equity": 1234.5], true),
        ConditionCase("round(-2.5) == -3", true),
        ConditionCase("floor(level) == 95%", ["level": 95.7], true),
        ConditionCase("ceil(level) == 96%", ["level": 95.2], true),
        ConditionCase("abs(equity - balance) == 500", ["equity": 500, "balance": 1000], true),
        ConditionCase("abs(age) == 5s", ["age": -5], true),
    ]

    @Test("min, max, round, floor, ceil and abs", arguments: functionsCases)
    func functions(_ testCase: ConditionCase) throws {
        let result = try evaluate(testCase.condition, testCase.numbers, strings: testCase.strings)
        #expect(result == testCase.expected)
    }

    static let logicCases: [ConditionCase] = [
        ConditionCase("enabled", ["enabled": 1], true),
        ConditionCase("enabled", ["enabled": 0], false),
        ConditionCase("not enabled", ["enabled": 0], true),
        ConditionCase("enabled == false", ["enabled": 0], true),
        ConditionCase("enabled != true", ["enabled": 1], false),
        ConditionCase("true", true),
        ConditionCase("not true", false),
        // `and` binds tighter than `or`.
        ConditionCase("equity > 1 or level < 1% and false", ["equity": 5, "level": 50], true),
        ConditionCase("(equity > 1 or level < 1%) and false", ["equity": 5, "level": 50], false),
        // `not` applies to the whole comparison.
        ConditionCase("not equity > 1", ["equity": 0], true),
        ConditionCase("not not enabled", ["enabled": 1], true),
        ConditionCase("level < 100%\n        and equity > 1", ["level": 50, "equity": 5], true),
        ConditionCase("level < 100%\n        and equity > 1", ["level": 50, "equity": 0], false),
        ConditionCase("level < 100% or\n        equity > 1", ["level": 150, "equity": 5], true),
        // A missing number (NaN) satisfies no ordering.
        ConditionCase("equity < 5", false),
        ConditionCase("equity >= 5", false),
    ]

    @Test("and, or, not, booleans and missing values", arguments: logicCases)
    func logic(_ testCase: ConditionCase) throws {
        let result = try evaluate(testCase.condition, testCase.numbers, strings: testCase.strings)
        #expect(result == testCase.expected)
    }

    @Test("constants are captured by value, lists included")
    func constants() throws {
        let rule = try compileRule(
            """
            let vip = [1001, 1002]
            let half = 50%
            let threshold = 1000
            let real = ["real-*", "ecn-*"]
            rule a {
                on margin
                when login in vip and equity * half > threshold and group matches real
                log "x"
            }
            """)
        #expect(rule.condition(makeFrame(["login": 1001, "equity": 2500], strings: ["group": "ECN-1"])))
        #expect(!rule.condition(makeFrame(["login": 1003, "equity": 2500], strings: ["group": "ECN-1"])))
        #expect(!rule.condition(makeFrame(["login": 1001, "equity": 1500], strings: ["group": "ECN-1"])))
        #expect(!rule.condition(makeFrame(["login": 1001, "equity": 2500], strings: ["group": "demo"])))
    }

    @Test("a field wins over a constant of the same name")
    func fieldWinsOverConstant() throws {
        let rule = try compileRule("let level = 5%\n" + ruleSource("when level < 1%"))
        #expect(rule.condition(makeFrame(["level": 0.5])))
        #expect(!rule.condition(makeFrame(["level": 3])))
    }

    @Test("related state is read from its namespace slot, and is missing until known")
    func relatedState() throws {
        let rule = try compileCondition("account.level < 100% and account.name == \"Ann\"")
        let frame = makeFrame(memoryFor: rule)
        #expect(!rule.condition(frame))
        frame.related[0] = Record(numbers: [80], strings: ["Ann"])
        #expect(rule.condition(frame))
        frame.related[0] = Record(numbers: [120], strings: ["Ann"])
        #expect(!rule.condition(frame))
    }

    @Test("where filters compile separately, and are marked cacheable only when they read partition fields alone")
    func filters() throws {
        let byGroup = try compileCondition("level < 1%", extra: "where group matches \"real*\"")
        let filter = try #require(byGroup.filter)
        #expect(filter(makeFrame(strings: ["group": "REAL-1"])))
        #expect(!filter(makeFrame(strings: ["group": "demo"])))
        #expect(byGroup.filterReadsOnlyPartitions)

        let byEquity = try compileCondition("level < 1%", extra: "where group == \"a\" and equity > 5")
        #expect(!byEquity.filterReadsOnlyPartitions)
        let unfiltered = try compileCondition("level < 1%")
        #expect(unfiltered.filter == nil)
    }

    @Test("the alert key reads the 'by' fields, or the stream's natural key")
    func keys() throws {
        let frame = makeFrame(["login": 1001], strings: ["group": "real"])
        let natural = try compileCondition("level < 1%")
        #expect(natural.definition.key.map(\.name) == ["login"])
        guard case .number(let login)? = natural.key.first else {
            Issue.record("expected a number key")
            return
        }
        #expect(login(frame) == 1001)

        let byGroup = try compileCondition("level < 1%", extra: "by group, login")
        #expect(byGroup.definition.key.map(\.name) == ["group", "login"])
        guard case .string(let group)? = byGroup.key.first else {
            Issue.record("expected a string key")
            return
        }
        #expect(group(frame) == "real")
    }
}
