import Foundation
import RuleEngine
import Testing

@Suite("Rule tests (.test files)")
struct RuleTestRunnerTests {
    func fixture(_ path: String) throws -> String {
        let root = try #require(Bundle.module.path(forResource: "Fixtures", ofType: nil))
        return (root as NSString).appendingPathComponent(path)
    }

    @Test("a passing file reports every test as passed")
    func passing() throws {
        var runner = RuleTestRunner()
        let report = runner.run(testFile: try fixture("runner/passing.test"))
        #expect(report.diagnostics.isEmpty)
        #expect(
            report.outcomes.map(\.name) == [
                "margin call fires after 30 s and clears above 120%", "a large trade fires once and keeps no alert",
                "no webhook names a receiver",
            ])
        let messages = report.outcomes.flatMap(\.failures).map(\.message)
        #expect(messages.isEmpty, "\(messages)")
    }

    @Test("failures say what was expected, what there was, and where")
    func failing() throws {
        var runner = RuleTestRunner()
        let report = runner.run(testFile: try fixture("runner/failing.test"))
        let failures = report.outcomes.map { $0.failures.map { "\($0.location): \($0.message)" } }
        #expect(
            failures == [
                [
                    "3:3: at 0s: expected margin_call{login=1001} to be firing, but it is pending since 2026-01-05T00:00:00.000Z"
                ],
                ["8:3: at 0s: expected a mail to 7, but there was none"],
                ["13:3: at 0s: no rule named 'margin_cal' is loaded (did you mean 'margin_call'?)"],
            ])
        let details = report.outcomes[1].failures.first?.details ?? []
        #expect(details == ["notifications at this step:", "  webhook risk_desk \"Large trade #1: 60 lots EURUSD\""])
    }

    @Test("a file with errors reports each with its position and runs nothing")
    func broken() throws {
        var runner = RuleTestRunner()
        let report = runner.run(testFile: try fixture("broken/broken.test"))
        #expect(report.outcomes.isEmpty)
        let messages = report.diagnostics.map { "\($0.location): \($0.message)" }
        #expect(
            messages == [
                "2:9: unknown stream 'margn'",
                "3:6: expected a time offset after 'at', such as 0s, 31s or 1h",
                "4:22: 'level' is a percentage",
                "5:3: unknown test step 'expcet'",
            ])
        #expect(report.diagnostics[0].hint == "did you mean 'margin'?")
    }

    @Test("a test whose rule files cannot be read fails alone; the next test still runs")
    func missingLoad() throws {
        var runner = RuleTestRunner()
        let report = runner.run(testFile: try fixture("runner/loads.test"))
        #expect(report.outcomes.map(\.passed) == [false, true])
        #expect(report.loadErrors.count == 1)
        #expect(report.loadErrors.first?.hasSuffix("missing.rules: error: no such file or directory") == true)
    }
}
