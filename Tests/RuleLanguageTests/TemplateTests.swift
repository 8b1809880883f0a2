import Testing

@testable import RuleLanguage

/// The errors of a `log` message template; its text starts at line 4, column 10.
private func templateProblems(_ template: String) -> [Problem] {
    problems(ruleSource("when level < 100%", "log \"\(template)\""))
}

struct TemplateCase: Sendable, CustomTestStringConvertible {
    let template: String
    let numbers: [String: Double]
    let strings: [String: String]
    let now: Double
    let expected: String

    init(_ template: String, _ numbers: [String: Double], now: Double = 0, _ expected: String) {
        self.template = template
        self.numbers = numbers
        self.strings = [:]
        self.now = now
        self.expected = expected
    }

    init(_ template: String, strings: [String: String], _ expected: String) {
        self.template = template
        self.numbers = [:]
        self.strings = strings
        self.now = 0
        self.expected = expected
    }

    init(_ template: String, _ expected: String) {
        self.init(template, [:], expected)
    }

    var testDescription: String { template }
}

@Suite("Message templates")
struct TemplateTests {
    static let noon = monday + 12 * hour + 31

    static let renderingCases: [TemplateCase] = [
        TemplateCase("plain text only", "plain text only"),
        TemplateCase("{level}", ["level": 95.5], "95.5"),
        TemplateCase("margin {level}%", ["level": 33.333_333], "margin 33.33%"),
        TemplateCase("{level:.1f}", ["level": 95.56], "95.6"),
        TemplateCase("{level:.0f}", ["level": 95.4], "95"),
        TemplateCase("{equity}", ["equity": 12345.678], "12345.68"),
        TemplateCase("{equity:money}", ["equity": 12345.678], "12,345.68"),
        TemplateCase("{equity:money}", ["equity": -1_234_567.891], "-1,234,567.89"),
        TemplateCase("{equity:int}", ["equity": 12345.678], "12346"),
        TemplateCase("{login}", ["login": 1001], "1001"),
        TemplateCase("{volume} lots", ["volume": 1.25], "1.25 lots"),
        TemplateCase("{equity * 50%:money}", ["equity": 2000], "1,000.00"),
        TemplateCase("{max(equity, balance):money}", ["equity": 2000, "balance": 3500], "3,500.00"),
        TemplateCase("{round(level, 1)}", ["level": 33.333], "33.3"),
        TemplateCase("{ level }", ["level": 50], "50"),
        TemplateCase("{equity: money }", ["equity": 1000], "1,000.00"),
        TemplateCase("{updated:time}", ["updated": noon], "2026-01-05 12:00:31 UTC"),
        TemplateCase("{updated}", ["updated": noon], "2026-01-05 12:00:31 UTC"),
        TemplateCase("{updated:date}", ["updated": noon], "2026-01-05"),
        TemplateCase("{age}", ["age": 90], "1m30s"),
        TemplateCase("{age:duration}", ["age": 3600], "1h"),
        TemplateCase("{age:.0f}s", ["age": 90], "90s"),
        TemplateCase("{now() - updated}", ["updated": noon], now: noon + 5400, "1h30m"),
        TemplateCase("{group:upper}", strings: ["group": "real"], "REAL"),
        TemplateCase("{group:lower}", strings: ["group": "ReAl"], "real"),
        TemplateCase("{upper(group)}-{len(group)}", strings: ["group": "José"], "JOSÉ-4"),
        TemplateCase("[{group}]", "[]"),
        TemplateCase("{{literal}} and }}", "{literal} and }"),
        TemplateCase(#"\{x\}"#, "{x}"),
        TemplateCase(#"line1\nline2\tend"#, "line1\nline2\tend"),
        TemplateCase(#"say \"hi\""#, "say \"hi\""),
        TemplateCase("{rule}/{severity}", "probe/warning"),
        TemplateCase("equity {equity}", "equity n/a"),
        TemplateCase("{account.level}|{account.name}", "n/a|"),
        TemplateCase("{level < 50%}", ["level": 40], "true"),
        TemplateCase("{enabled}", ["enabled": 0], "false"),
        TemplateCase("{[1, 2.5]}", "1, 2.5"),
        TemplateCase("{prev(level)}", ["level": 40], "n/a"),
        TemplateCase("{level}{level:.2f}", ["level": 7], "77.00"),
    ]

    @Test("placeholders render in their unit's default format or the format asked for", arguments: renderingCases)
    func rendering(_ testCase: TemplateCase) throws {
        let text = try render(testCase.template, testCase.numbers, strings: testCase.strings, now: testCase.now)
        #expect(text == testCase.expected)
    }

    @Test("related state renders once it is known")
    func relatedState() throws {
        let rule = try compileRule(
            "rule a {\n    on margin\n    when level < 100%\n    log \"{account.name} at {account.level}%\"\n}\n")
        let frame = makeFrame(memoryFor: rule)
        frame.related[0] = Record(numbers: [87.5], strings: ["Ann"])
        guard case .log(let message)? = rule.actions.first else {
            Issue.record("expected a log action")
            return
        }
        #expect(message.render(frame) == "Ann at 87.5%")
    }

    @Test(
        "template errors point into the string, with a hint",
        arguments: [
            ("{levl}", Problem("4:11", "unknown field 'levl' in the margin stream", hint: "did you mean 'level'?")),
            ("{nosuchthing}", Problem("4:11", "unknown field 'nosuchthing' in the margin stream")),
            (
                "{level:.1z}",
                Problem(
                    "4:17", "unknown format '.1z'",
                    hint: "use .Nf (as in .1f), money, int, time, date, duration, upper or lower")
            ),
            (
                "{level:.11f}",
                Problem(
                    "4:17", "unknown format '.11f'",
                    hint: "use .Nf (as in .1f), money, int, time, date, duration, upper or lower")
            ),
            (
                "{level:}",
                Problem(
                    "4:17", "unknown format ''",
                    hint: "use .Nf (as in .1f), money, int, time, date, duration, upper or lower")
            ),
            (
                "{equity:time}",
                Problem(
                    "4:18", "format 'time' does not fit an amount of money ('equity')",
                    hint: "numbers take .Nf (as in .1f), money or int")
            ),
            (
                "{level:upper}",
                Problem(
                    "4:17", "format 'upper' does not fit a percentage ('level')",
                    hint: "numbers take .Nf (as in .1f), money or int")
            ),
            (
                "{group:.1f}",
                Problem("4:17", "format '.1f' does not fit a string ('group')", hint: "strings take upper or lower")
            ),
            (
                "{age:time}",
                Problem(
                    "4:15", "format 'time' does not fit a duration ('age')",
                    hint: "durations take :duration, or .Nf for seconds")
            ),
            (
                "{updated:money}",
                Problem(
                    "4:19", "format 'money' does not fit a timestamp ('updated')",
                    hint: "timestamps take :time or :date")
            ),
            (
                "{}",
                Problem(
                    "4:10", "empty placeholder '{}'",
                    hint: "put a field inside, as in {login}, or write '{{' for a literal brace")
            ),
            ("{level", Problem("4:10", "placeholder is not closed with '}'", hint: "write '{{' for a literal brace")),
            ("a } b", Problem("4:12", "unmatched '}' in a message", hint: "write '}}' for a literal brace")),
            ("{level level}", Problem("4:17", "unexpected 'level' in the placeholder")),
            ("{level < }", Problem("4:19", "expected a value, found the end of the file")),
        ])
    func templateError(template: String, expected: Problem) {
        #expect(templateProblems(template) == [expected])
    }

    @Test("every broken placeholder of a message is reported, left to right")
    func severalTemplateErrors() {
        #expect(
            templateProblems("{levl} {level:.1z} {equity:time}").map(\.at) == ["4:11", "4:24", "4:37"])
    }

    @Test("a condition with a format is reported once")
    func conditionWithFormat() {
        let found = templateProblems("{level < 50%:int}")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.at == "4:23")
    }

    @Test(
        "MT4's length limits apply to the literal text of subjects, topics and categories",
        arguments: [
            (
                "mail client subject \"\(String(repeating: "s", count: 129))\" body \"b\"",
                "a mail subject is limited to 128 characters; this one has 129 before any values", "4:26"
            ),
            (
                "news topic \"\(String(repeating: "t", count: 257))\" body \"b\"",
                "a news topic is limited to 256 characters; this one has 257 before any values", "4:17"
            ),
            (
                "news topic \"t\" body \"b\" category \"\(String(repeating: "c", count: 65))\"",
                "a news category is limited to 64 characters; this one has 65 before any values", "4:39"
            ),
        ])
    func lengthLimits(clause: String, message: String, at: String) {
        #expect(problems(ruleSource("when level < 1%", clause)) == [Problem(at, message)])
    }

    @Test("texts at MT4's limits, and values beyond them, are accepted")
    func atTheLimits() {
        let subject = String(repeating: "s", count: 128)
        #expect(problems(ruleSource("when level < 1%", "mail client subject \"\(subject){login}\" body \"b\"")).isEmpty)
    }
}
