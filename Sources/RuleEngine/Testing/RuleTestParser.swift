import AlertModel
import Foundation
import RuleLanguage

/// Parses `.test` files: `test "name" { load …; at 0s margin login=1001 level=95%; expect firing margin_call … }`.
/// Like the rule parser it reports every problem with its position and recovers at the next line.
public struct RuleTestParser {
    public static let defaultStart = Timestamp(milliseconds: 1_767_571_200_000)  // 2026-01-05T00:00:00Z, a Monday
    public static let defaultPlatform = "MT4"

    let file: SourceFile
    let schema: TradingSchema
    var tokens: [Token]
    var index = 0
    var diagnostics: DiagnosticBag

    public init(file: SourceFile, schema: TradingSchema = .shared) {
        self.file = file
        self.schema = schema
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.diagnostics = DiagnosticBag(file: file)
        diagnostics.append(contentsOf: lexer.diagnostics)
    }

    public mutating func parse() -> (tests: [RuleTest], diagnostics: [Diagnostic]) {
        var tests: [RuleTest] = []
        while current.kind != .endOfFile {
            if current.kind == .newline {
                advance()
                continue
            }
            guard current.isIdentifier("test") else {
                if current.kind != .invalid {
                    diagnostics.error("expected 'test \"name\" {', found '\(current.text)'", at: current.range)
                }
                skipLine()
                continue
            }
            if let test = parseTest() { tests.append(test) }
        }
        return (tests, diagnostics.items)
    }

    var current: Token { tokens[index] }
    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    /// Skips to the end of the line without consuming it, so the caller resumes at a step boundary.
    mutating func skipLine() {
        while current.kind != .newline, current.kind != .endOfFile, current.kind != .rightBrace { advance() }
    }

    mutating func parseTest() -> RuleTest? {
        let start = current.range
        advance()
        guard current.kind == .string else {
            diagnostics.error("expected the test's name in quotes after 'test'", at: current.range)
            skipLine()
            return nil
        }
        var test = RuleTest(
            name: current.stringValue, file: file, range: start.through(current.range), loads: [],
            start: Self.defaultStart, platform: Self.defaultPlatform, steps: [])
        advance()
        guard current.kind == .leftBrace else {
            diagnostics.error("expected '{' after the test's name", at: current.range)
            skipLine()
            return nil
        }
        let brace = current.range
        advance()
        var lastOffset: Int64 = 0
        while true {
            switch current.kind {
            case .newline:
                advance()
                continue
            case .rightBrace:
                advance()
                return test
            case .endOfFile:
                diagnostics.error("test '\(test.name)' is missing its closing '}'", at: brace)
                return test
            default:
                break
            }
            if current.isIdentifier("test") {
                diagnostics.error("test '\(test.name)' is missing its closing '}'", at: brace)
                return test
            }
            parseStep(into: &test, lastOffset: &lastOffset)
            if current.kind != .newline, current.kind != .rightBrace, current.kind != .endOfFile {
                if current.kind != .invalid {
                    diagnostics.error("unexpected '\(current.text)' at the end of the line", at: current.range)
                }
                skipLine()
            }
        }
    }

    mutating func parseStep(into test: inout RuleTest, lastOffset: inout Int64) {
        let keyword = current
        advance()
        switch keyword.text {
        case "load":
            guard let path = expectString("the rule file's path in quotes") else { return }
            test.loads.append(path)
        case "start":
            guard let text = expectString("an ISO-8601 time in quotes, such as \"2026-01-05T08:00:00Z\"") else {
                return
            }
            guard let time = Self.parseTime(text) else {
                diagnostics.error(
                    "'\(text)' is not an ISO-8601 time", at: tokens[index - 1].range,
                    hint: "write \"2026-01-05T08:00:00Z\"")
                return
            }
            test.start = time
        case "platform":
            guard let name = expectString("the platform's name in quotes") else { return }
            test.platform = name
        case "at":
            guard current.kind == .duration || (current.kind == .number && current.value == 0) else {
                diagnostics.error(
                    "expected a time offset after 'at', such as 0s, 31s or 1h", at: current.range,
                    hint: current.kind == .number ? "add a unit: \(current.text)s" : nil)
                skipLine()
                return
            }
            let offset = Int64((current.value * 1000).rounded())
            if offset < lastOffset {
                diagnostics.error(
                    "time goes backwards: \(current.text) comes after \(ValueFormatter.duration(Double(lastOffset) / 1000))",
                    at: current.range, hint: "list steps in time order")
            }
            lastOffset = max(lastOffset, offset)
            advance()
            var event: RuleTest.EventSpec?
            if current.kind == .identifier {
                event = parseEvent(start: test.start)
                if event == nil { return }
            }
            test.steps.append(.at(offset: offset, event: event, range: keyword.range))
        case "expect":
            if let expectation = parseExpectation() {
                test.steps.append(.expect(expectation, range: keyword.range.through(tokens[max(0, index - 1)].range)))
            }
        default:
            diagnostics.error(
                "unknown test step '\(keyword.text)'", at: keyword.range,
                hint: Suggestion.hint(for: keyword.text, among: ["load", "start", "platform", "at", "expect"])
                    ?? "steps are load, start, platform, at and expect")
            skipLine()
        }
    }

    mutating func expectString(_ what: String) -> String? {
        guard current.kind == .string else {
            if current.kind != .invalid { diagnostics.error("expected \(what)", at: current.range) }
            skipLine()
            return nil
        }
        defer { advance() }
        return current.stringValue
    }

    static func parseTime(_ text: String) -> Timestamp? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Timestamp(seconds: date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Timestamp(seconds: date.timeIntervalSince1970) }
        return nil
    }
}
