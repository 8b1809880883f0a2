import Testing

@testable import RuleLanguage

private let windowInWhere = "belongs in 'when': 'where' picks events before any history is kept"
private let nested = "cannot be nested inside another window function or prev"

@Suite("Checker diagnostics")
struct CheckerDiagnosticsTests {
    static let cases: [DiagnosticCase] = [
        // Names
        DiagnosticCase(
            "unknown field, with a suggestion",
            ruleSource("when levle < 100%"),
            Problem("3:10", "unknown field 'levle' in the margin stream", hint: "did you mean 'level'?")),
        DiagnosticCase(
            "unknown field that belongs to other streams",
            ruleSource("when symbol == \"EURUSD\""),
            Problem(
                "3:10", "unknown field 'symbol' in the margin stream",
                hint: "'symbol' is a field of the trade, tick stream")),
        DiagnosticCase(
            "unknown function, with a suggestion",
            ruleSource("when lenn(comment) > 3"),
            Problem("3:10", "unknown function 'lenn'", hint: "did you mean 'len'?")),
        DiagnosticCase(
            "unknown window function, with a suggestion",
            ruleSource("when avgg(level, 1h) < 5%"),
            Problem("3:10", "unknown function 'avgg'", hint: "did you mean 'avg'?")),
        DiagnosticCase(
            "unknown stream, with a suggestion",
            ruleSource(on: "margn", "when level < 100%"),
            Problem("2:8", "unknown stream 'margn'", hint: "did you mean 'margin'?")),
        DiagnosticCase(
            "unknown stream, listing the streams",
            ruleSource(on: "orders", "when level < 100%"),
            Problem("2:8", "unknown stream 'orders'", hint: "streams are margin, trade, tick")),
        DiagnosticCase(
            "unknown kind",
            ruleSource(on: "trade foo"),
            Problem("2:14", "unknown trade kind 'foo'", hint: "trade kinds are opened, modified, closed")),
        DiagnosticCase(
            "misspelt kind",
            ruleSource(on: "trade opened, closd"),
            Problem("2:22", "unknown trade kind 'closd'", hint: "did you mean 'closed'?")),
        DiagnosticCase(
            "kind on a stream without kinds",
            ruleSource(on: "margin opened", "when level < 5%"),
            Problem("2:15", "the margin stream has no kinds; remove 'opened'")),
        DiagnosticCase(
            "unknown severity",
            ruleSource("when level < 5%", "severity critcal"),
            Problem("4:14", "unknown severity 'critcal'", hint: "did you mean 'critical'?")),
        DiagnosticCase(
            "a function named without a call",
            ruleSource("when avg > 1%"),
            Problem("3:10", "'avg' is a function; call it with arguments")),
        DiagnosticCase(
            "related state without a field",
            ruleSource("when account > 1"),
            Problem("3:10", "'account' is related state; name one of its fields", hint: "as in account.level")),
        DiagnosticCase(
            "unknown field of related state",
            ruleSource("when account.foo > 1"),
            Problem("3:18", "unknown field 'foo' in account", hint: "account has level, name")),
        DiagnosticCase(
            "unknown related state",
            ruleSource("when acount.level < 1%"),
            Problem("3:10", "unknown related state 'acount'", hint: "did you mean 'account'?")),
        DiagnosticCase(
            "related state the stream cannot read",
            ruleSource(on: "tick", "when account.level < 5%"),
            Problem("3:10", "rules on the tick stream cannot read account.*")),
        // Units and types
        DiagnosticCase(
            "a percentage against a plain number",
            ruleSource("when level < 100"),
            Problem(
                "3:18", "cannot compare a percentage ('level') with a plain number",
                hint: "write 100% for a percentage")),
        DiagnosticCase(
            "a plain number against a percentage, number first",
            ruleSource("when 95 > level"),
            Problem(
                "3:10", "cannot compare a percentage ('level') with a plain number", hint: "write 95% for a percentage"
            )),
        DiagnosticCase(
            "a duration against a plain number",
            ruleSource("when age > 30"),
            Problem(
                "3:16", "cannot compare a duration ('age') with a plain number",
                hint: "write a duration such as 30s or 30m")),
        DiagnosticCase(
            "a timestamp against a plain number",
            ruleSource("when updated > 30"),
            Problem(
                "3:20", "cannot compare a timestamp ('updated') with a plain number",
                hint: "compare a timestamp with another timestamp, or use now() - updated for an age")),
        DiagnosticCase(
            "money against a percentage",
            ruleSource("when equity < 10%"),
            Problem(
                "3:10", "cannot compare an amount of money with a percentage",
                hint: "'equity' is money and '10%' is percent")),
        DiagnosticCase(
            "money plus lots",
            ruleSource("when equity + volume > 1"),
            Problem(
                "3:10", "cannot add an amount of money with a volume in lots",
                hint: "'equity' is money and 'volume' is lots")),
        DiagnosticCase(
            "a ratio against a percentage",
            ruleSource("when equity / balance < 50%"),
            Problem(
                "3:10", "cannot compare a plain number with a percentage",
                hint: "'equity / balance' is number and '50%' is percent")),
        DiagnosticCase(
            "a plain number divided by money",
            ruleSource("when 1000 / equity > 1"),
            Problem(
                "3:10", "cannot divide a plain number by an amount of money",
                hint: "divide values of the same unit for a ratio, or divide by a plain number")),
        DiagnosticCase(
            "a duration minus a timestamp",
            ruleSource("when age - updated > 1s"),
            Problem(
                "3:10", "cannot subtract a duration with a timestamp",
                hint: "'age' is duration and 'updated' is timestamp")),
        DiagnosticCase(
            "a negated timestamp",
            ruleSource("when -updated < now()"),
            Problem("3:11", "'-' needs a number, but this is a timestamp")),
        DiagnosticCase(
            "a percentage times a percentage",
            ruleSource("when level * level > 1%"),
            Problem(
                "3:10", "cannot multiply a percentage by a percentage",
                hint: "multiply by a plain number or a percentage"
            )),
        DiagnosticCase(
            "money divided by lots",
            ruleSource("when equity / volume > 1"),
            Problem(
                "3:10", "cannot divide an amount of money by a volume in lots",
                hint: "divide values of the same unit for a ratio, or divide by a plain number")),
        DiagnosticCase(
            "two timestamps added",
            ruleSource("when updated + updated > now()"),
            Problem("3:10", "cannot add two timestamps", hint: "subtract them for a duration")),
        DiagnosticCase(
            "a string against a number",
            ruleSource("when group > 5"),
            Problem("3:10", "cannot compare a string with a plain number", hint: "put strings in quotes")),
        DiagnosticCase(
            "a string in arithmetic",
            ruleSource("when group * 2 > 5"),
            Problem("3:10", "'*' needs numbers, but 'group' is a string")),
        DiagnosticCase(
            "a value where a condition is needed",
            ruleSource("when level"),
            Problem(
                "3:10", "'when' needs a condition, but this is a percentage", hint: "compare it, as in 'level > …'")),
        DiagnosticCase(
            "'not' on a value",
            ruleSource("when not level"),
            Problem("3:14", "'not' needs a condition, but this is a percentage")),
        DiagnosticCase(
            "'and' joining a value",
            ruleSource("when level and enabled"),
            Problem(
                "3:10", "'and' joins conditions, but this is a percentage", hint: "compare it, as in 'level > …'")),
        DiagnosticCase(
            "'matches' with a non-constant pattern",
            ruleSource("when group matches comment"),
            Problem(
                "3:24", "'matches' needs a constant pattern or list of patterns on its right",
                hint: "as in group matches [\"real-*\", \"ecn-*\"]")),
        DiagnosticCase(
            "'matches' on a number",
            ruleSource("when level matches \"9*\""),
            Problem("3:10", "'matches' needs a string on its left, but this is a percentage")),
        DiagnosticCase(
            "'in' with a non-constant list",
            ruleSource("when group in comment"),
            Problem(
                "3:19", "'in' needs a constant list on its right", hint: "as in symbol in [\"XAUUSD\", \"XAGUSD\"]")),
        DiagnosticCase(
            "a list of fields",
            ruleSource("when group in [comment, name]"),
            Problem(
                "3:19", "a list holds constant strings or constant numbers",
                hint: "compare fields one by one, joined with 'or'")),
        // Functions
        DiagnosticCase(
            "too many arguments",
            ruleSource("when abs(level, 1%) > 1%"),
            Problem("3:10", "abs takes 1 argument, not 2", hint: "usage: abs(x)")),
        DiagnosticCase(
            "too few arguments",
            ruleSource("when round() > 1"),
            Problem("3:10", "round takes 1 to 2 arguments, not 0", hint: "usage: round(x) or round(x, digits)")),
        DiagnosticCase(
            "a string function on a number",
            ruleSource("when lower(level) == \"a\""),
            Problem("3:16", "lower needs a string, but this is a percentage")),
        DiagnosticCase(
            "max of different units",
            ruleSource("when max(level, equity) > 1"),
            Problem(
                "3:10", "cannot take the max of a percentage with an amount of money",
                hint: "'level' is percent and 'equity' is money")),
        DiagnosticCase(
            "round with non-constant digits",
            ruleSource("when round(equity, count) > 2"),
            Problem("3:24", "round's digits must be a constant whole number from -15 to 15")),
        // Windows, prev, silence and now
        DiagnosticCase(
            "a window function in 'where'",
            ruleSource("where avg(level, 1h) < 50%", "when level < 100%"),
            Problem("3:11", "avg(…) \(windowInWhere)")),
        DiagnosticCase(
            "count in 'where'",
            ruleSource("where count(1m) > 5", "when level < 100%"),
            Problem("3:11", "count(…) \(windowInWhere)")),
        DiagnosticCase(
            "prev in 'where'",
            ruleSource("where prev(level) < 5%", "when level < 100%"),
            Problem("3:11", "prev(…) \(windowInWhere)")),
        DiagnosticCase(
            "silence in 'where'",
            ruleSource("where silence > 1m", "when level < 100%"),
            Problem("3:11", "'silence' belongs in 'when' or 'clear when'")),
        DiagnosticCase(
            "now() in 'where'",
            ruleSource("where now() - updated > 1m", "when level < 100%"),
            Problem("3:11", "now() belongs in 'when', 'clear when' or a message")),
        DiagnosticCase(
            "a window inside a window",
            ruleSource("when avg(avg(level, 1h), 1h) < 50%"),
            Problem("3:14", "avg(…) \(nested)")),
        DiagnosticCase(
            "prev inside prev",
            ruleSource("when prev(prev(level)) < 5%"),
            Problem("3:15", "prev(…) \(nested)")),
        DiagnosticCase(
            "a window inside prev",
            ruleSource("when prev(max(level, 1h)) < 5%"),
            Problem("3:15", "max(…) \(nested)")),
        DiagnosticCase(
            "silence inside a window",
            ruleSource("when avg(silence, 1h) > 1m"),
            Problem("3:14", "'silence' belongs in 'when' or 'clear when'")),
        DiagnosticCase(
            "a zero window",
            ruleSource("when count(0s) > 1"),
            Problem(
                "3:16", "the window of count must be a constant duration above zero", hint: "usage: count(1m)")),
        DiagnosticCase(
            "a window given as a plain number",
            ruleSource("when avg(level, 5) > 1%"),
            Problem(
                "3:21", "the window of avg must be a constant duration above zero", hint: "usage: avg(value, 1h)")),
        DiagnosticCase(
            "count with two arguments",
            ruleSource("when count(1m, 2) > 1"),
            Problem("3:10", "count takes 1 argument, not 2", hint: "usage: count(1m)")),
        DiagnosticCase(
            "avg without a window",
            ruleSource("when avg(level) > 1%"),
            Problem("3:10", "avg takes 2 arguments, not 1", hint: "usage: avg(value, 1h)")),
        DiagnosticCase(
            "a window over a string",
            ruleSource("when change(group, 1h) > 1%"),
            Problem("3:17", "change needs a number to follow, but 'group' is a string")),
        DiagnosticCase(
            "prev with two arguments",
            ruleSource("when prev(level, 1h) > 1%"),
            Problem("3:10", "prev takes 1 argument, not 2", hint: "usage: prev(level)")),
        // Rule structure
        DiagnosticCase(
            "no 'on'",
            "rule a {\n    when level < 1%\n    log \"x\"\n}\n",
            Problem(
                "1:6", "rule 'a' has no 'on' clause",
                hint: "say which events it watches, as in 'on margin' or 'on trade opened'")),
        DiagnosticCase(
            "no 'when' on a state stream",
            ruleSource("severity info"),
            Problem("1:6", "rule 'a' has no 'when' clause", hint: "say when it fires, as in 'when level < 100%'")),
        DiagnosticCase(
            "'clear when' without 'when'",
            ruleSource(on: "trade", "clear when profit > 1"),
            Problem("3:16", "'clear when' needs a 'when' clause")),
        DiagnosticCase(
            "a key of four fields",
            ruleSource("by login, group, name, comment", "when level < 1%"),
            Problem("3:5", "an alert key has at most 3 fields")),
        DiagnosticCase(
            "a key that is not a field",
            ruleSource(on: "tick", "by now()", "when bid > 1"),
            Problem(
                "3:8", "'by' takes field names, such as login or symbol",
                hint: "tick fields: time, platform, kind, symbol, bid, ask")),
        DiagnosticCase(
            "step as a plain number on a percentage",
            ruleSource("when level < 5%", "step 10"),
            Problem(
                "4:10", "the step is a plain number but 'level' is a percentage",
                hint: "write it as a percentage, as in 10%")),
        DiagnosticCase(
            "step without a threshold",
            ruleSource("when group == \"a\"", "step 10%"),
            Problem(
                "4:10", "'step' needs a 'when' that compares a value with a threshold",
                hint: "as in 'when level < 100%' with 'step 10%'")),
        DiagnosticCase(
            "step of zero",
            ruleSource("when level < 5%", "step 0%"),
            Problem("4:10", "'step' needs a constant amount above zero, such as 10%")),
        DiagnosticCase(
            "unknown time zone",
            ruleSource("when level < 5%", "active during mon-fri 08:00-22:00 Mars/Olympus"),
            Problem(
                "4:5", "unknown time zone 'Mars/Olympus'",
                hint: "use UTC, an offset such as UTC+03:00, or a zone name such as Europe/London")),
        DiagnosticCase(
            "an empty active period",
            ruleSource("when level < 5%", "active during daily 08:00-08:00"),
            Problem("4:5", "the active period starts and ends at the same time")),
        // Actions
        DiagnosticCase(
            "mail to the client of a stream without one",
            ruleSource(on: "tick", "when bid > 1", "mail client body \"x\""),
            Problem(
                "4:10", "'mail client' needs an account, but tick events are not about one",
                hint: "mail fixed logins, as in mail [1001] …, or a named list from the configuration")),
        DiagnosticCase(
            "mail to a fractional login",
            ruleSource("when level < 5%", "mail [1001, 1.5] body \"b\""),
            Problem("4:17", "a login is a whole number from 1 to 2147483647")),
        DiagnosticCase(
            "mail to nobody",
            ruleSource("when level < 5%", "mail [] body \"b\""),
            Problem("4:10", "the list of logins is empty")),
        DiagnosticCase(
            "an empty mail body",
            ruleSource("when level < 5%", "mail client body \"\""),
            Problem("4:23", "a mail body cannot be empty")),
        // Constants
        DiagnosticCase(
            "a constant defined twice",
            "let x = 5\nlet x = 6\n" + ruleSource("when equity > x"),
            Problem(
                "2:5", "constant 'x' is already defined at line 1",
                hint: "constants are shared by all rule files checked together; give each its own name")),
        DiagnosticCase(
            "a constant reading a field",
            "let y = level\n",
            Problem("1:9", "unknown constant 'level'", hint: "a let may only use literals and other constants")),
        DiagnosticCase(
            "a constant reading the clock",
            "let z = now()\n",
            Problem("1:9", "now() belongs in 'when', 'clear when' or a message")),
        DiagnosticCase(
            "a constant list mixing units",
            "let w = [1%, 2s]\n",
            Problem("1:9", "a list mixes units: a duration and a percentage")),
    ]

    @Test("semantic errors are reported with position, message and hint", arguments: cases)
    func semanticError(_ testCase: DiagnosticCase) {
        let result = compile(testCase.source)
        #expect(result.diagnostics.filter(\.isError).map(Problem.init) == testCase.expected)
        #expect(result.ruleSet == nil)
    }

    @Test("duplicate rule names in one file are reported at the second definition")
    func duplicateRuleInFile() {
        let source = ruleSource("when level < 1%") + ruleSource("when level < 2%")
        #expect(
            problems(source) == [
                Problem(
                    "6:6", "rule 'a' is defined twice in this file",
                    hint: "rule names identify alerts; give each rule its own")
            ])
    }

    @Test("duplicate rule names across files name the first file and position")
    func duplicateRuleAcrossFiles() throws {
        let first = SourceFile(path: "one.rules", text: "\n" + ruleSource("when level < 1%"))
        let second = SourceFile(path: "two.rules", text: ruleSource("when level < 2%"))
        let third = SourceFile(path: "three.rules", text: "# again\n\n" + ruleSource("when level < 3%"))
        let result = TestSchema.compiler.compile([first, second, third])
        #expect(result.ruleSet == nil)
        let errors = result.diagnostics.filter(\.isError)
        #expect(errors.map(\.path) == ["two.rules", "three.rules"])
        #expect(
            errors.map(Problem.init) == [
                Problem(
                    "1:6", "rule 'a' is already defined in one.rules:2:6",
                    hint: "rule names identify alerts; give each rule its own"),
                Problem(
                    "3:6", "rule 'a' is already defined in one.rules:2:6",
                    hint: "rule names identify alerts; give each rule its own"),
            ])
    }

    @Test("diagnostics of several files come file by file, in the order the files were given")
    func fileOrder() {
        let late = SourceFile(path: "b.rules", text: "\n\n\n\n" + ruleSource(named: "b", ["when levle < 1%"]))
        let early = SourceFile(path: "a.rules", text: ruleSource("when levl < 1%"))
        let result = TestSchema.compiler.compile([late, early])
        #expect(result.diagnostics.map(\.path) == ["b.rules", "a.rules"])
        #expect(result.diagnostics.map(\.location.line) == [7, 3])
    }

    @Test("rules from several clean files compile together, with a content hash per file")
    func severalFiles() throws {
        let one = SourceFile(path: "one.rules", text: ruleSource("when level < 1%"))
        let two = SourceFile(
            path: "two.rules", text: "rule b {\n    on tick\n    when bid > 1\n    webhook desk \"{symbol}\"\n}\n")
        let result = TestSchema.compiler.compile([one, two])
        let ruleSet = try #require(result.ruleSet)
        #expect(ruleSet.rules.map(\.name) == ["a", "b"])
        #expect(ruleSet.fileHashes == ["one.rules": one.contentHash, "two.rules": two.contentHash])
        #expect(result.diagnostics.isEmpty)
    }

    @Test(
        "warnings do not stop a rule set from compiling",
        arguments: [
            (
                "let level = 5%\n" + ruleSource("when level < 1%"),
                Problem(
                    "1:5", "constant 'level' has the name of a field; in rules the field wins",
                    hint: "rename the constant")
            ),
            (
                "rule a {\n    on margin\n    when level < 1%\n}\n",
                Problem(
                    "1:6", "rule 'a' has no actions: it records alerts but tells nobody",
                    hint: "add 'webhook NAME \"…\"', 'mail client …', 'news …' or 'log \"…\"'")
            ),
            (
                ruleSource(on: "trade", "renotify every 1h"),
                Problem("3:5", "'renotify' has no effect here: a rule on single trade events fires once per event")
            ),
        ])
    func warning(source: String, expected: Problem) {
        let result = compile(source)
        #expect(result.diagnostics.map(Problem.init) == [expected])
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(result.ruleSet?.rules.count == 1)
    }

    @Test("a list of plain numbers is not a list of percentages, and the hint shows valid syntax")
    func bareListAgainstPercent() throws {
        let found = problems(ruleSource("when level in [1, 2]"))
        let problem = try #require(found.first)
        #expect(found.count == 1)
        #expect(problem.at == "3:19")
        #expect(problem.message == "cannot look up a percentage ('level') in a list of plain numbers")
        // "[1, 2]%" is not valid syntax; the hint should show percentages as they are written.
        #expect(problem.hint?.contains("]%") == false, "hint: \(problem.hint ?? "-")")
        #expect(problem.hint?.contains("1%") == true, "hint: \(problem.hint ?? "-")")
    }

    @Test("a plain number cannot sneak into a list of percentages next to a percentage")
    func mixedBareAndPercentList() {
        #expect(
            problems(ruleSource("when level in [1, 2%]")) == [
                Problem("3:20", "a list of percent values holds a plain number", hint: "write 1%")
            ])
    }

    @Test("round's digits must be whole")
    func roundDigitsWhole() {
        #expect(
            problems(ruleSource("when round(equity, 1.5) > 2")) == [
                Problem("3:24", "round's digits must be a constant whole number from -15 to 15")
            ])
    }

    @Test("the list of known functions names each function once")
    func functionListHasNoDuplicates() throws {
        let found = problems(ruleSource("when frobnicate(level) > 1%"))
        let hint = try #require(found.first?.hint)
        #expect(found.first?.message == "unknown function 'frobnicate'")
        #expect(hint.hasPrefix("functions are "))
        let names = hint.dropFirst("functions are ".count).split(separator: ", ").map(String.init)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(Set(names).isSuperset(of: ["avg", "count", "prev", "min", "max", "round", "now", "endsWith"]))
    }
}
