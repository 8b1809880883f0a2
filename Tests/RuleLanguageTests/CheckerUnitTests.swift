import Testing

@testable import RuleLanguage

@Suite("Checked rules")
struct CheckerUnitTests {
    @Test("a file using every clause compiles without a diagnostic")
    func kitchenSinkCompiles() throws {
        let result = compile(kitchenSink)
        #expect(result.diagnostics.map(Problem.init) == [])
        let rules = try #require(result.ruleSet?.rules)
        #expect(rules.map(\.name) == ["marginCall", "bigLoss", "quiet", "flip"])
    }

    @Test("clauses land in the checked rule")
    func clauses() throws {
        let rule = try compileRule(kitchenSink, named: "marginCall").definition
        #expect(rule.stream.name == "margin")
        #expect(rule.kinds == [])
        #expect(rule.platforms == ["MT4", "MT5"])
        #expect(rule.holdFor == 30)
        #expect(rule.key.map(\.name) == ["login"])
        #expect(rule.severity == .critical)
        #expect(rule.renotify == 14_400)
        #expect(rule.limit?.count == 20)
        #expect(rule.limit?.per == 60)
        #expect(rule.schedule?.schedule.days == Set(1...5))
        #expect(rule.shadow == false)
        #expect(rule.labels.map(\.name) == ["desk", "team"])
        #expect(rule.labels.map(\.value) == ["B-book", "risk"])
        #expect(rule.actions.count == 4)
        #expect(rule.resolveActions.count == 1)
        #expect(rule.filter != nil && rule.clearCondition != nil)
        #expect(rule.isMomentary == false)
        #expect(rule.file.path == "test.rules")
        #expect(rule.step?.amount == 10)
        #expect(rule.step?.measure.text == "level")
        #expect(rule.step?.lowerIsWorse == true)

        let quiet = try compileRule(kitchenSink, named: "quiet").definition
        #expect(quiet.shadow)
        #expect(quiet.severity == .warning)
        #expect(quiet.actions.isEmpty)
        #expect(quiet.key.map(\.name) == ["symbol"])
        #expect(quiet.memory.windowDurations == [600, 3600, 600])
    }

    @Test("actions keep their recipients, receivers and priority")
    func actions() throws {
        let rule = try compileRule(
            ruleSource(
                "when level < 1%", "mail client body \"b\"", "mail [1001, 1002] subject \"s\" body \"b\"",
                "mail managers body \"b\"", "news topic \"t\" body \"b\" priority high", "news topic \"t\" body \"b\"",
                "webhook desk \"m\"", "on resolve webhook ops \"back\""))
        var recipients: [CheckedAction.Recipient] = []
        var priorities: [Bool] = []
        var receivers: [String] = []
        for action in rule.definition.actions + rule.definition.resolveActions {
            switch action {
            case .mail(let recipient, _, _): recipients.append(recipient)
            case .news(_, _, _, let high): priorities.append(high)
            case .webhook(let receiver, _): receivers.append(receiver)
            case .log: receivers.append("(log)")
            }
        }
        #expect(recipients == [.client, .logins([1001, 1002]), .named("managers")])
        #expect(priorities == [true, false])
        #expect(receivers == ["desk", "(log)", "ops"])
    }

    @Test(
        "a rule on one-off events is momentary unless it holds, clears or remembers",
        arguments: [
            ("trade", "", true),
            ("trade", "when profit < 0", true),
            ("trade", "when profit < 0\n    for 1m", false),
            ("trade", "when profit < 0\n    clear when profit > 0", false),
            ("trade", "when profit < prev(profit)", false),
            ("trade", "when count(1m) > 3", false),
            ("margin", "when level < 1%", false),
        ])
    func momentary(stream: String, clauses: String, momentary: Bool) throws {
        let rule = try compileRule(ruleSource(on: stream, clauses))
        #expect(rule.definition.isMomentary == momentary)
    }

    @Test("a momentary rule without 'when' always fires")
    func momentaryWithoutWhen() throws {
        let rule = try compileRule(ruleSource(on: "trade opened"))
        #expect(rule.definition.condition == nil)
        #expect(rule.definition.kinds == ["opened"])
        #expect(rule.condition(makeFrame()))
    }

    @Test(
        "step follows the non-constant side of the first threshold comparison",
        arguments: [
            ("when level < 100%", "step 10%", "level", true),
            ("when 50 < volume", "step 5", "volume", false),
            ("when volume >= 50 and level < 100%", "step 5", "volume", false),
            ("when group == \"a\" or equity * 2 <= 1000", "step 100", "equity * 2", true),
        ])
    func stepMeasure(condition: String, step: String, measure: String, lowerIsWorse: Bool) throws {
        let rule = try compileRule(ruleSource(condition, step))
        #expect(rule.definition.step?.measure.text == measure)
        #expect(rule.definition.step?.lowerIsWorse == lowerIsWorse)
        let frame = makeFrame(["level": 42, "volume": 7, "equity": 300])
        let expected: Double = measure == "level" ? 42 : measure == "volume" ? 7 : 600
        #expect(rule.stepMeasure?(frame) == expected)
    }

    @Test("a condition may wrap lines after operators, inside brackets and before and/or")
    func wrappedConditions() throws {
        let wrapped = try compileRule(
            """
            rule a {
                on margin
                when level < 100%   # a comment
                    and group in [
                        "real",
                        "demo"
                    ]
                    or equity >
                        1000
                log "x"
            }
            """)
        let oneLine = try compileCondition("level < 100% and group in [\"real\", \"demo\"] or equity > 1000")
        let frames = [
            makeFrame(["level": 50, "equity": 0], strings: ["group": "real"]),
            makeFrame(["level": 50, "equity": 0], strings: ["group": "x"]),
            makeFrame(["level": 150, "equity": 2000], strings: ["group": "x"]),
            makeFrame(["level": 150, "equity": 0], strings: ["group": "real"]),
        ]
        #expect(frames.map(wrapped.condition) == [true, false, true, false])
        #expect(frames.map(oneLine.condition) == [true, false, true, false])
    }

    @Test("a constant list splices into another list, and constants fold into their uses")
    func constants() throws {
        let rule = try compileRule(
            """
            let real = ["real-a", "real-b"]
            let all = [real, "demo"]
            let cap = -(1000 + 500)
            rule a {
                on margin
                when group in all and equity > cap
                log "x"
            }
            """)
        #expect(rule.condition(makeFrame(["equity": -1000], strings: ["group": "real-b"])))
        #expect(rule.condition(makeFrame(["equity": -1000], strings: ["group": "demo"])))
        #expect(!rule.condition(makeFrame(["equity": -2000], strings: ["group": "demo"])))
        #expect(!rule.condition(makeFrame(["equity": -1000], strings: ["group": "real"])))
    }

    @Test("a rule's first clause may follow its '{' and its '}' may follow its last clause")
    func clausesBesideBraces() throws {
        let rule = try compileRule(
            "rule a { on margin\n    when level < 1%\n    log \"x\" }\nrule b { on trade }\n", named: "a")
        #expect(rule.definition.stream.name == "margin")
        #expect(rule.definition.actions.count == 1)
        #expect(rule.condition(makeFrame(["level": 0.5])))
    }

    @Test("CRLF line endings and tabs compile like LF and spaces")
    func lineEndings() throws {
        let source = "rule a {\r\n\ton margin\r\n\twhen levle < 1%\r\n\tlog \"x\"\r\n}\r\n"
        #expect(
            problems(source) == [
                Problem("3:7", "unknown field 'levle' in the margin stream", hint: "did you mean 'level'?")
            ])
        let fixed = "rule a {\r\n\ton margin\r\n\twhen level < 1%\r\n\tlog \"x\"\r\n}\r\n"
        #expect(compile(fixed).diagnostics.isEmpty)
    }
}
