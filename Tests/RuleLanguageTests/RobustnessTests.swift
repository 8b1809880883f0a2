import Testing

@testable import RuleLanguage

/// Words, symbols and literals of the rule language, for random token soups.
private let vocabulary: [String] = [
    "rule", "let", "on", "platform", "where", "when", "clear", "for", "by", "severity", "renotify", "every", "step",
    "limit", "per", "active", "during", "shadow", "labels", "mail", "news", "webhook", "log", "resolve", "client",
    "subject", "body", "topic", "category", "priority", "high", "test", "and", "or", "not", "in", "matches", "true",
    "false", "margin", "trade", "tick", "opened", "closed", "level", "equity", "group", "login", "volume", "updated",
    "age", "enabled", "symbol", "bid", "account", "account.level", "silence", "now()", "prev", "avg", "count",
    "change", "drop", "min", "max", "round", "lower", "len", "contains", "info", "critical", "mon-fri", "daily",
    "08:00-22:00", "UTC", "UTC+03:00", "Europe/London", "0", "1", "50", "100", "1.5", "95%", "0%", "30s", "5m", "1h30m",
    "1d", "30x", "1h30", "\"text\"", "\"{level}\"", "\"{level:.1f}\"", "\"{equity:money}\"", "\"{{x}}\"", "\"{\"",
    "\"}\"", "\"{}\"", "\"{nope:zz}\"", "\"open", "{", "}", "(", ")", "[", "]", ",", ".", ":", "=", "==", "!=", "<",
    "<=",
    ">", ">=", "+", "-", "*", "/", "!", "&&", "|", "#", "# note", "\n", "\n", "\n", "\n", "é", "\t", "\r\n", "\\",
]

private let mutationAlphabet = Array("{}()[]\"'#%:.,=<>!-+*/ \n\t\\abcdehlmnorstwxyz0123456789_é€")

/// Checks the invariants every compile must keep, whatever the input: the number of problems recorded, and whether
/// the input compiled.
private func checkInvariants(_ text: String, label: String) -> (failures: Int, compiled: Bool) {
    let file = SourceFile(path: "fuzz.rules", text: text)
    let result = TestSchema.compiler.compile([file])
    var failures = 0
    func fail(_ what: String) {
        failures += 1
        Issue.record("\(what) — \(label): \(String(reflecting: String(text.prefix(400))))")
    }
    if result.ruleSet == nil, !result.diagnostics.contains(where: \.isError) { fail("no rule set and no error") }
    if result.ruleSet != nil, result.diagnostics.contains(where: \.isError) { fail("a rule set despite errors") }
    let lines = file.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self).count }
    var previousStart = 0
    for diagnostic in result.diagnostics {
        let location = diagnostic.location
        if location.line < 1 || location.column < 1 { fail("position \(location) before the file") }
        if location.line > lines.count {
            fail("line \(location.line) past the end (\(lines.count) lines)")
        } else if location.column > lines[location.line - 1] + 1 {
            fail("column \(location.column) past the end of line \(location.line)")
        }
        if diagnostic.range.start < 0 || diagnostic.range.end > file.bytes.count {
            fail("range \(diagnostic.range) outside the file")
        }
        if diagnostic.range.start < previousStart { fail("diagnostics out of reading order") }
        previousStart = diagnostic.range.start
        if diagnostic.message.isEmpty { fail("empty message") }
        let rendered = DiagnosticRenderer().render(diagnostic, source: file)
        if !rendered.hasPrefix("fuzz.rules:\(location.line):\(location.column): ") { fail("bad rendering") }
    }
    if let rules = result.ruleSet?.rules { exercise(rules) }
    return (failures, result.ruleSet != nil)
}

/// Evaluates everything a compiled rule has, over a few events, to shake out traps in evaluation.
private func exercise(_ rules: [CompiledRule]) {
    var random = SplitMix64(seed: 7)
    for rule in rules {
        let frame = makeFrame(memoryFor: rule)
        frame.ruleName = rule.name
        for step in 0..<3 {
            for index in frame.event.numbers.indices { frame.event.numbers[index] = Double(random.below(2000)) - 500 }
            for index in frame.event.strings.indices {
                frame.event.strings[index] = random.pick(["", "real-1", "XAUUSD"])
            }
            frame.now = monday + Double(step * 45)
            rule.recordEvent(in: frame)
            _ = rule.filter?(frame)
            _ = rule.condition(frame)
            _ = rule.clearCondition?(frame)
            _ = rule.stepMeasure?(frame)
            for part in rule.key {
                switch part {
                case .number(let read): _ = read(frame)
                case .string(let read): _ = read(frame)
                }
            }
            for observed in rule.observed { _ = observed.render(frame) }
            for action in rule.actions + rule.resolveActions {
                switch action {
                case .mail(_, let subject, let body): _ = (subject?.render(frame), body.render(frame))
                case .news(let topic, let body, let category, _):
                    _ = (topic.render(frame), body.render(frame), category?.render(frame))
                case .webhook(_, let message), .log(let message): _ = message.render(frame)
                }
            }
            rule.commitLatest(in: frame)
        }
    }
}

@Suite("Robustness")
struct RobustnessTests {
    @Test("SplitMix64 is the reference generator, so failures reproduce")
    func generator() {
        var zero = SplitMix64(seed: 0)
        #expect(
            [zero.next(), zero.next(), zero.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
        var other = SplitMix64(seed: 42)
        #expect(other.next() == 0xBDD7_3226_2FEB_6E95)
    }

    @Test("random bytes never trap the compiler and always get placed diagnostics", .timeLimit(.minutes(1)))
    func randomBytes() {
        var random = SplitMix64(seed: 0x5EED_0001)
        var failures = 0
        for iteration in 0..<4000 where failures < 5 {
            let length = random.below(160)
            let bytes = (0..<length).map { _ -> UInt8 in
                // Mostly printable ASCII and newlines, sometimes anything.
                random.chance(80)
                    ? random.pick(Array(" \n\t{}\"#%abcdefghijklmnopqrstuvwxyz0123456789<=>()[],.:".utf8))
                    : UInt8(truncatingIfNeeded: random.next())
            }
            failures += checkInvariants(String(decoding: bytes, as: UTF8.self), label: "bytes #\(iteration)").failures
        }
    }

    @Test("token soups from the language's vocabulary never trap the compiler", .timeLimit(.minutes(1)))
    func tokenSoups() {
        var random = SplitMix64(seed: 0x5EED_0002)
        var failures = 0
        for iteration in 0..<4000 where failures < 5 {
            var text = random.chance(60) ? "rule r\(iteration) {\n    on margin\n" : ""
            for _ in 0..<random.below(40) {
                text += random.pick(vocabulary)
                text += random.chance(75) ? " " : ""
            }
            if random.chance(50) { text += "\n}\n" }
            failures += checkInvariants(text, label: "soup #\(iteration)").failures
        }
    }

    @Test("mutations of a valid rule file never trap the compiler", .timeLimit(.minutes(1)))
    func mutations() {
        var random = SplitMix64(seed: 0x5EED_0003)
        let original = Array(kitchenSink)
        var failures = 0
        var compiled = 0
        for iteration in 0..<3000 where failures < 5 {
            var text = original
            for _ in 0..<(1 + random.below(3)) {
                let position = random.below(text.count)
                let length = min(1 + random.below(4), text.count - position)
                switch random.below(4) {
                case 0: text.removeSubrange(position..<position + length)
                case 1: text.insert(contentsOf: text[position..<position + length], at: position)
                case 2:
                    let other = random.below(text.count)
                    text.swapAt(position, other)
                default: text.insert(random.pick(mutationAlphabet), at: position)
                }
                if text.isEmpty { text = original }
            }
            let outcome = checkInvariants(String(text), label: "mutation #\(iteration)")
            failures += outcome.failures
            compiled += outcome.compiled ? 1 : 0
        }
        // Some mutations land in comments or messages and still compile: evaluation was exercised too.
        #expect(compiled > 100)
        #expect(compiled < 2700)
    }

    @Test("compiling is deterministic")
    func deterministic() {
        var random = SplitMix64(seed: 0x5EED_0004)
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<random.below(30) { text += random.pick(vocabulary) + " " }
            let first = compile(text).diagnostics.map(Problem.init)
            let second = compile(text).diagnostics.map(Problem.init)
            #expect(first == second)
        }
    }

    @Test(
        "numbers too big for an Int are errors, not traps",
        arguments: [
            "active during 99999999999999999999:00-10:00 UTC",
            "active during 08:99999999999999999999-10:00 UTC",
            "limit 99999999999999999999 per 1m",
            "mail [99999999999999999999] body \"x\"",
        ])
    func hugeNumbers(clause: String) async {
        let source = ruleSource("when level < 1%", clause)
        await #expect(processExitsWith: .success) { [source = source as String] in
            let result = compile(source)
            precondition(result.ruleSet == nil && result.hasErrors, "accepted: \(source)")
        }
    }

    @Test(
        "deeply nested expressions are errors or compile, never a stack overflow",
        arguments: [
            "when " + String(repeating: "(", count: 3000) + "level < 5%" + String(repeating: ")", count: 3000),
            "when " + String(repeating: "not ", count: 3000) + "enabled",
            "when level < " + String(repeating: "-", count: 3000) + "5%",
            "when group in " + String(repeating: "[", count: 3000),
        ])
    func deepNesting(clause: String) async {
        let source = ruleSource(clause)
        await #expect(processExitsWith: .success) { [source = source as String] in
            _ = compile(source)
        }
    }
}
