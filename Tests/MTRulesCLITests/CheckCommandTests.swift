import Testing

@Suite("mtrules check")
struct CheckCommandTests {
    static let valid = """
        rule margin_call {
          on margin
          when level < 100%
          webhook risk_desk "{login} at {level}%"
        }
        """

    @Test("a clean directory exits 0 and says how many rules it checked")
    func clean() async throws {
        let cli = try CommandRunner()
        try cli.write("rules/margin.rules", Self.valid)
        let result = try await cli.run("check", "rules")
        #expect(result.status == 0)
        #expect(result.output == "1 file, 1 rule: 0 errors, 0 warnings\n")
    }

    @Test("every error is printed with file:line:col, the source line, a caret and a hint; the exit code is 1")
    func errors() async throws {
        let cli = try CommandRunner()
        try cli.write(
            "bad.rules",
            """
            rule a {
              on margin
              when levl < 100
            }
            """)
        let result = try await cli.run("check", "bad.rules")
        #expect(result.status == 1)
        #expect(
            result.output == """
                bad.rules:1:6: warning: rule 'a' has no actions: it records alerts but tells nobody
                    rule a {
                         ^
                    hint: add 'webhook NAME "…"', 'mail client …', 'news …' or 'log "…"'

                bad.rules:3:8: error: unknown field 'levl' in the margin stream
                      when levl < 100
                           ^~~~
                    hint: did you mean 'level'?

                1 file, 0 rules: 1 error, 1 warning

                """)
    }

    @Test("a unit mismatch points at the bare number and suggests the percentage")
    func unitMismatch() async throws {
        let cli = try CommandRunner()
        try cli.write("unit.rules", "rule a {\n  on margin\n  when level < 100\n  log \"x\"\n}\n")
        let result = try await cli.run("check", "unit.rules")
        #expect(result.status == 1)
        #expect(
            result.output.hasPrefix(
                "unit.rules:3:16: error: cannot compare a percentage ('level') with a plain number\n"))
        #expect(result.output.contains("hint: write 100% for a percentage"))
    }

    @Test("warnings fail the check only with --strict")
    func strict() async throws {
        let cli = try CommandRunner()
        try cli.write("quiet.rules", "rule quiet {\n  on margin\n  when level < 50%\n}\n")
        #expect(try await cli.run("check", "quiet.rules").status == 0)
        #expect(try await cli.run("check", "--strict", "quiet.rules").status == 1)
    }

    @Test("a missing path and an unknown option are usage errors (exit 2)")
    func usage() async throws {
        let cli = try CommandRunner()
        let missing = try await cli.run("check", "nowhere")
        #expect(missing.status == 2)
        #expect(missing.error.contains("nowhere: error: no such file or directory"))
        #expect(try await cli.run("check", "--bogus").status == 2)
    }
}
