import Testing

@testable import RuleLanguage

/// A source and every error it must produce, in reading order.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    let name: String
    let source: String
    let expected: [Problem]

    init(_ name: String, _ source: String, _ expected: Problem...) {
        self.name = name
        self.source = source
        self.expected = expected
    }

    var testDescription: String { name }
}

private let durationHint = "durations use ms, s, m, h, d or w (as in 30s, 5m, 1h30m); percentages end in %"
private let unterminatedHint = "close it with \" on the same line; write \\n for a line break"

@Suite("Parser diagnostics")
struct ParserDiagnosticsTests {
    static let cases: [DiagnosticCase] = [
        DiagnosticCase(
            "unterminated string",
            ruleSource("when level < 100%", "log \"x"),
            Problem("4:9", "unterminated string", hint: unterminatedHint)),
        DiagnosticCase(
            "missing '}' before the next rule, whose own errors are still found",
            """
            rule a {
                on margin
                when level < 100%
                log "x"

            rule b {
                on margin
                when levle < 50%
                log "y"
            }
            """,
            Problem("1:8", "rule 'a' is missing its closing '}'", hint: "add '}' after the rule's last clause"),
            Problem("8:10", "unknown field 'levle' in the margin stream", hint: "did you mean 'level'?")),
        DiagnosticCase(
            "missing '}' at the end of the file",
            "rule a {\n    on margin\n    when level < 100%\n    log \"x\"\n",
            Problem("1:8", "rule 'a' is missing its closing '}'", hint: "add '}' after the rule's last clause")),
        DiagnosticCase(
            "stray '}' after a rule",
            ruleSource("when level < 100%") + "}\n",
            Problem("6:1", "unbalanced '}': no rule is open here")),
        DiagnosticCase(
            "'for' with a plain number",
            ruleSource("when level < 100%", "for 30"),
            Problem("4:9", "'30' is a plain number, not a duration", hint: "add a unit, as in 30s, 30m or 30h")),
        DiagnosticCase(
            "'for' with an unknown unit",
            ruleSource("when level < 100%", "for 30x"),
            Problem("4:9", "unknown unit 'x' after a number", hint: durationHint)),
        DiagnosticCase(
            "'for' with a compound duration missing its last unit",
            ruleSource("when level < 100%", "for 1h30"),
            Problem("4:9", "a compound duration must end with a unit", hint: "write it as in 1h30m")),
        DiagnosticCase(
            "'for' with nothing after it",
            ruleSource("when level < 100%", "for"),
            Problem(
                "4:8", "expected a duration after 'for', found the end of the line",
                hint: "write it as in 30s, 5m, 4h, 1d")),
        DiagnosticCase(
            "'for' a zero duration",
            ruleSource("when level < 100%", "for 0s"),
            Problem("4:5", "'for' needs a duration above zero")),
        DiagnosticCase(
            "'renotify' without 'every'",
            ruleSource("when level < 100%", "renotify 4h"),
            Problem("4:14", "expected 'every' after 'renotify'", hint: "write 'renotify every 4h'")),
        DiagnosticCase(
            "'renotify every' with a plain number",
            ruleSource("when level < 100%", "renotify every 4"),
            Problem("4:20", "'4' is a plain number, not a duration", hint: "add a unit, as in 4s, 4m or 4h")),
        DiagnosticCase(
            "'limit' without 'per'",
            ruleSource("when level < 100%", "limit 20 1m"),
            Problem("4:14", "expected 'per' after the limit's count", hint: "write 'limit 20 per 1m'")),
        DiagnosticCase(
            "'limit' zero",
            ruleSource("when level < 100%", "limit 0 per 1m"),
            Problem(
                "4:11", "expected a whole number of notifications (1 to 1,000,000) after 'limit', found '0'",
                hint: "write 'limit 20 per 1m'")),
        DiagnosticCase(
            "'limit' a fraction",
            ruleSource("when level < 100%", "limit 2.5 per 1m"),
            Problem(
                "4:11", "expected a whole number of notifications (1 to 1,000,000) after 'limit', found '2.5'",
                hint: "write 'limit 20 per 1m'")),
        DiagnosticCase(
            "'limit' per zero seconds",
            ruleSource("when level < 100%", "limit 5 per 0s"),
            Problem("4:5", "'limit' needs a period above zero")),
        DiagnosticCase(
            "text left after a clause",
            ruleSource("when level < 100% when"),
            Problem("3:23", "unexpected 'when' at the end of the clause")),
        DiagnosticCase(
            "'=' where '==' was meant",
            ruleSource("when level = 5%"),
            Problem("3:16", "'=' assigns; compare with '=='", hint: "write '=='")),
        DiagnosticCase(
            "'&&' instead of 'and'",
            ruleSource("when level < 100% && equity > 5"),
            Problem("3:23", "unexpected '&&'", hint: "write 'and'")),
        DiagnosticCase(
            "an unknown clause, which also leaves the rule without 'when'",
            ruleSource("whn level < 5%"),
            Problem("1:6", "rule 'a' has no 'when' clause", hint: "say when it fires, as in 'when level < 100%'"),
            Problem("3:5", "unknown clause 'whn'", hint: "did you mean 'when'?")),
        DiagnosticCase(
            "a misspelt top-level word",
            "rules\n" + ruleSource("when level < 5%"),
            Problem("1:1", "expected 'rule' or 'let' at the top level, found 'rules'", hint: "did you mean 'rule'?")),
        DiagnosticCase(
            "a test block in a rule file",
            ruleSource("when level < 5%") + "test \"t\" {\n    at 0s\n}\n",
            Problem(
                "6:1", "a test block belongs in a .test file",
                hint: "move it to a file ending in .test beside the rules")),
        DiagnosticCase(
            "'clear' without 'when'",
            ruleSource("when level < 5%", "clear level > 10%"),
            Problem("4:11", "expected 'when' after 'clear'", hint: "write 'clear when <condition>'")),
        DiagnosticCase(
            "'active' without 'during'",
            ruleSource("when level < 5%", "active 08:00-22:00"),
            Problem(
                "4:12", "expected 'during' after 'active'", hint: "write 'active during mon-fri 08:00-22:00 UTC'")),
        DiagnosticCase(
            "a time of day out of range",
            ruleSource("when level < 5%", "active during mon-fri 08:00-25:00 UTC"),
            Problem("4:33", "'25:00' is not a time of day")),
        DiagnosticCase(
            "an unknown day",
            ruleSource("when level < 5%", "active during fun 08:00-22:00"),
            Problem("4:19", "unknown day 'fun'", hint: "did you mean 'sun'?")),
        DiagnosticCase(
            "hours without minutes",
            ruleSource("when level < 5%", "active during mon-fri 8-22"),
            Problem("4:27", "expected a time as HH:MM, found '8'", hint: "write 08:00-22:00")),
        DiagnosticCase(
            "a mail without a body",
            ruleSource("when level < 5%", "mail client subject \"s\""),
            Problem("4:5", "a mail needs a body", hint: "add body \"...\"; MT4 refuses mail without one")),
        DiagnosticCase(
            "a mail part given twice",
            ruleSource("when level < 5%", "mail client subject \"a\" subject \"b\" body \"c\""),
            Problem("4:29", "'subject' is given twice")),
        DiagnosticCase(
            "an unknown mail part",
            ruleSource("when level < 5%", "mail client sbject \"s\" body \"b\""),
            Problem("4:17", "unknown mail part 'sbject'", hint: "did you mean 'subject'?")),
        DiagnosticCase(
            "news without a body",
            ruleSource("when level < 5%", "news topic \"t\""),
            Problem("4:5", "news needs a topic and a body", hint: "write news topic \"...\" body \"...\"")),
        DiagnosticCase(
            "news with an unknown priority",
            ruleSource("when level < 5%", "news topic \"t\" body \"b\" priority urgent"),
            Problem("4:38", "expected 'high' or 'normal' after 'priority'")),
        DiagnosticCase(
            "a webhook without a receiver",
            ruleSource("when level < 5%", "webhook \"x\""),
            Problem("4:13", "expected a receiver name after 'webhook', found string \"x\"")),
        DiagnosticCase(
            "a log without a message",
            ruleSource("when level < 5%", "log"),
            Problem("4:8", "expected the message in quotes after 'log', found the end of the line")),
        DiagnosticCase(
            "a label set twice",
            ruleSource("when level < 5%", "labels { desk: \"a\", desk: \"b\" }"),
            Problem("4:25", "label 'desk' is set twice")),
        DiagnosticCase(
            "a label without ':'",
            ruleSource("when level < 5%", "labels { desk \"a\" }"),
            Problem("4:19", "expected ':' after the label name, found string \"a\"")),
        DiagnosticCase(
            "a severity clause without a level",
            ruleSource("when level < 5%", "severity"),
            Problem("4:13", "expected a severity (info, warning or critical), found the end of the line")),
        DiagnosticCase(
            "a let without a name",
            "let = 5\n",
            Problem("1:5", "expected a constant name after 'let', found '='")),
        DiagnosticCase(
            "a rule without a name",
            "rule {\n    on margin\n    when level < 5%\n    log \"x\"\n}\n",
            Problem("1:6", "expected a rule name after 'rule', found '{'")),
        DiagnosticCase(
            "a rule without its opening brace",
            "rule a on margin {\n    when level < 5%\n    log \"x\"\n}\n",
            Problem("1:8", "expected '{' to open rule 'a', found 'on'")),
    ]

    @Test("syntax errors are reported with position, message and hint", arguments: cases)
    func syntaxError(_ testCase: DiagnosticCase) {
        let result = compile(testCase.source)
        #expect(result.diagnostics.filter(\.isError).map(Problem.init) == testCase.expected)
        #expect(result.ruleSet == nil)
        #expect(result.hasErrors)
    }

    @Test(
        "a clause given twice is reported at its second appearance",
        arguments: [
            "on margin", "when level < 5%", "severity info", "shadow", "where group == \"a\"", "for 1m", "by login",
            "renotify every 1h", "step 1%", "limit 1 per 1m", "active during daily 00:00-01:00", "platform \"MT4\"",
        ])
    func duplicateClause(_ clause: String) {
        let keyword = String(clause.prefix { $0 != " " })
        let base: [String]
        switch keyword {
        case "on": base = ["when level < 5%", "severity info"]
        case "when": base = ["on margin", "severity info"]
        default: base = ["on margin", "when level < 5%"]
        }
        let source = "rule a {\n" + (base + [clause, clause, "log \"x\""]).map { "    \($0)\n" }.joined() + "}\n"
        #expect(
            problems(source) == [
                Problem("5:5", "the '\(keyword)' clause appears twice in this rule", hint: "keep one of them")
            ])
    }

    @Test("every error of a file is reported, from lexer, parser and checker alike, in reading order")
    func collectsEveryError() {
        let source = """
            rule a {
                on margin
                when levle < 100% and lenn(comment) > 3
                for 30
                severity critcal
                log "{nope}"
            }
            rule b {
                on margn
                when level < 100
            }
            rule c {
                on margin
                when level < 100% && equity > 5
                for 30x
                log "fine"
            }
            """
        #expect(
            problems(source) == [
                Problem("3:10", "unknown field 'levle' in the margin stream", hint: "did you mean 'level'?"),
                Problem("3:27", "unknown function 'lenn'", hint: "did you mean 'len'?"),
                Problem("4:9", "'30' is a plain number, not a duration", hint: "add a unit, as in 30s, 30m or 30h"),
                Problem("5:14", "unknown severity 'critcal'", hint: "did you mean 'critical'?"),
                Problem("6:11", "unknown field 'nope' in the margin stream", hint: "did you mean 'name'?"),
                Problem("9:8", "unknown stream 'margn'", hint: "did you mean 'margin'?"),
                Problem("14:23", "unexpected '&&'", hint: "write 'and'"),
                Problem("15:9", "unknown unit 'x' after a number", hint: durationHint),
            ])
    }

    @Test("diagnostics are sorted by position even when later phases find earlier problems")
    func readingOrder() {
        let result = compile(
            """
            rule a {
                on margin
                when levle < 1%
                log "x
            }
            """)
        let offsets = result.diagnostics.map(\.range.start)
        #expect(offsets == offsets.sorted())
        #expect(result.diagnostics.filter(\.isError).map(\.location.line) == [3, 4])
    }

    @Test(
        "a lexer error is reported once, without follow-on parser errors",
        arguments: [
            ruleSource("when level < 100%", "for 30x"),
            ruleSource("when level < 100%", "renotify every 5min"),
            ruleSource("when level < 100%", "limit 5 per 1h30"),
            ruleSource("when level < 100% & enabled"),
            ruleSource("when !enabled"),
            ruleSource("when level < 100% || enabled"),
            ruleSource("when level < 100%", "log \"open"),
            ruleSource("when level < 100%", "webhook desk \"open"),
            ruleSource("when level < 100%", "mail client subject \"open"),
        ])
    func noFollowOnErrors(source: String) {
        #expect(problems(source).count == 1, "\(problems(source))")
    }

    @Test("a chained comparison is reported once")
    func chainedComparison() {
        #expect(
            problems(ruleSource("when 1 < count < 3")) == [
                Problem(
                    "3:20", "comparisons cannot be chained",
                    hint: "join two comparisons with 'and', as in 'a < b and b < c'")
            ])
    }

    @Test("an unclosed '(' is reported once and the next rule still parses")
    func unclosedParenthesis() {
        let source = """
            rule a {
                on margin
                when (level < 100%
                log "x"
            }
            rule b {
                on margin
                when level < 100%
                log "y"
            }
            """
        let found = problems(source)
        #expect(found.first == Problem("3:23", "expected ')' to close '(', found the end of the line"))
        #expect(found.count == 1, "follow-on errors: \(found.dropFirst())")
    }

    @Test("a misspelt 'rule' keyword is reported once, not again for the block it opens")
    func misspeltRuleKeyword() {
        let source = "rul a {\n    on margin\n    when level < 1%\n    log \"x\"\n}\n"
        #expect(
            problems(source) == [
                Problem("1:1", "expected 'rule' or 'let' at the top level, found 'rul'", hint: "did you mean 'rule'?")
            ])
    }
}
