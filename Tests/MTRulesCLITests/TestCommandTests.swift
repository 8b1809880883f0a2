import Testing

@Suite("mtrules test")
struct TestCommandTests {
    static let rules = """
        rule margin_call {
          on margin
          when level < 100%
          for 30s
          mail client subject "Margin call" body "Level {level:.1f}%"
        }
        """

    @Test("passing tests are listed and the run ends with 'N passed, 0 failed' and exit 0")
    func passing() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        try cli.write(
            "rules/margin.test",
            """
            test "fires after 30 s" {
              at 0s margin login=1 level=90%
              at 31s margin login=1 level=90%
              expect firing margin_call login=1
              expect mail to 1 subject "Margin call"
            }
            """)
        let result = try await cli.run("test", "rules")
        #expect(result.status == 0)
        #expect(result.output == "rules/margin.test\n  ✓ fires after 30 s\n1 passed, 0 failed\n")
    }

    @Test("a failing test shows where and why, and the run exits 1")
    func failing() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.rules)
        try cli.write(
            "rules/margin.test",
            """
            test "fires at once (wrong)" {
              at 0s margin login=1 level=90%
              expect firing margin_call login=1
            }
            """)
        let result = try await cli.run("test", "rules")
        #expect(result.status == 1)
        #expect(result.output.contains("  ✗ fires at once (wrong)\n"))
        #expect(
            result.output.contains(
                "rules/margin.test:3:3: at 0s: expected margin_call{login=1} to be firing, but it is pending since"))
        #expect(result.output.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test("a test file whose rules do not compile fails with the rule errors")
    func brokenRules() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", "rule margin_call {\n  on margin\n  when level < 100\n  log \"x\"\n}\n")
        try cli.write("rules/margin.test", "test \"t\" {\n  at 0s margin login=1 level=90%\n}\n")
        let result = try await cli.run("test", "rules")
        #expect(result.status == 1)
        #expect(result.output.contains("rules/margin.rules:3:16: error: cannot compare a percentage"))
        #expect(result.output.hasSuffix("0 passed, 1 failed\n"))
    }
}
