import Testing

@testable import RuleLanguage

@Suite("Source files and rendered diagnostics")
struct SourceFileTests {
    @Test(
        "byte offsets become 1-based line:column, counting characters rather than bytes",
        arguments: [
            (0, "1:1"),
            (3, "1:4"),
            (4, "2:1"),
            (6, "2:2"),  // after "é" (2 bytes)
            (9, "2:3"),  // after "€" (3 bytes)
            (10, "2:4"),
            (11, "3:1"),
            (99, "3:4"),  // past the end is clamped to the end
            (-5, "1:1"),
        ])
    func location(offset: Int, expected: String) {
        // "abc\n" (0-3), "é€x\n" (4-10: é 2 bytes, € 3 bytes), "end" (11-13)
        let file = SourceFile(path: "f.rules", text: "abc\né€x\nend")
        #expect(file.location(of: offset).description == expected)
    }

    @Test("lines are returned without their line break, carriage returns included")
    func lines() {
        let file = SourceFile(path: "f.rules", text: "one\r\ntwo\n\nfour")
        #expect(file.line(1) == "one")
        #expect(file.line(2) == "two")
        #expect(file.line(3) == "")
        #expect(file.line(4) == "four")
        #expect(file.line(0) == "")
        #expect(file.line(5) == "")
        #expect(file.text(of: SourceRange(start: 5, end: 8)) == "two")
        #expect(file.text(of: SourceRange(start: 10, end: 400)) == "four")
    }

    @Test("the content hash is FNV-1a over the bytes, 16 hex digits, and changes with the content")
    func contentHash() {
        #expect(SourceFile(path: "a", text: "").contentHash == "cbf29ce484222325")
        #expect(SourceFile(path: "a", text: "a").contentHash == "af63dc4c8601ec8c")
        #expect(SourceFile(path: "a", text: "rule").contentHash == SourceFile(path: "b", text: "rule").contentHash)
        #expect(SourceFile(path: "a", text: "rule").contentHash != SourceFile(path: "a", text: "rulf").contentHash)
    }

    @Test("a rendered diagnostic has the path, position, source line, a caret under the text and the hint")
    func rendering() throws {
        let source = "rule r {\n    on margin\n    when levle < 100%\n    log \"x\"\n}\n"
        let result = compile(source, path: "risk.rules")
        let diagnostic = try #require(result.diagnostics.first)
        let rendered = DiagnosticRenderer().render(diagnostic, source: result.files[0])
        #expect(
            rendered == """
                risk.rules:3:10: error: unknown field 'levle' in the margin stream
                        when levle < 100%
                             ^~~~~
                    hint: did you mean 'level'?

                """)
    }

    @Test("a diagnostic whose range spans lines gets a caret to the end of its first line; no source, no caret")
    func renderingEdges() {
        let file = SourceFile(path: "x.rules", text: "ab\tcd\nef")
        let spanning = Diagnostic(.warning, "spans", in: file, at: SourceRange(start: 3, end: 8))
        #expect(
            DiagnosticRenderer().render(spanning, source: file) == "x.rules:1:4: warning: spans\n    ab cd\n       ^~\n"
        )
        #expect(DiagnosticRenderer().render(spanning, source: nil) == "x.rules:1:4: warning: spans\n")
        let colored = DiagnosticRenderer(useColor: true).render(spanning, source: nil)
        #expect(colored.contains("\u{1B}[35;1mwarning\u{1B}[0m"))
    }
}
