import Testing

@testable import RuleLanguage

/// Tokens and lexer diagnostics for a piece of text.
private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file: SourceFile(path: "lexer.rules", text: text))
    let tokens = lexer.tokenize()
    return (tokens, lexer.diagnostics)
}

private func kinds(_ text: String) -> [Token.Kind] {
    lex(text).tokens.map(\.kind)
}

@Suite("Lexer")
struct LexerTests {
    @Test(
        "numbers, percentages and durations carry their values",
        arguments: [
            ("50", Token.Kind.number, 50.0),
            ("0", .number, 0),
            ("1.5", .number, 1.5),
            ("0.25", .number, 0.25),
            ("1_000_000", .number, 1_000_000),
            ("95%", .percent, 95),
            ("12.5%", .percent, 12.5),
            ("0%", .percent, 0),
            ("30s", .duration, 30),
            ("250ms", .duration, 0.25),
            ("5m", .duration, 300),
            ("1h", .duration, 3600),
            ("1d", .duration, 86_400),
            ("2w", .duration, 1_209_600),
            ("1.5h", .duration, 5400),
            ("1h30m", .duration, 5400),
            ("1m500ms", .duration, 60.5),
            ("1d2h3m4s", .duration, 93_784),
        ])
    func literal(text: String, kind: Token.Kind, value: Double) {
        let (tokens, diagnostics) = lex(text)
        #expect(diagnostics.isEmpty)
        #expect(tokens.map(\.kind) == [kind, .endOfFile])
        #expect(tokens.first?.value == value)
        #expect(tokens.first?.text == text)
        #expect(tokens.first?.range == SourceRange(start: 0, end: text.utf8.count))
    }

    @Test(
        "a number followed by an unknown unit is one invalid token with a hint",
        arguments: [
            ("30x", "unknown unit 'x' after a number"),
            ("30sec", "unknown unit 'sec' after a number"),
            ("5min", "unknown unit 'min' after a number"),
            ("2hours", "unknown unit 'hours' after a number"),
            ("1h30x", "unknown unit 'x' after a number"),
            ("1h30", "a compound duration must end with a unit"),
            ("2d12", "a compound duration must end with a unit"),
        ])
    func badUnit(text: String, message: String) throws {
        let (tokens, diagnostics) = lex("for \(text)")
        #expect(tokens.map(\.kind) == [.identifier, .invalid, .endOfFile])
        #expect(tokens[1].text == text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == message)
        #expect(diagnostic.location.line == 1 && diagnostic.location.column == 5)
        #expect(diagnostic.range == SourceRange(start: 4, end: 4 + text.utf8.count))
        if message.hasPrefix("unknown unit") {
            #expect(
                diagnostic.hint == "durations use ms, s, m, h, d or w (as in 30s, 5m, 1h30m); percentages end in %")
        } else {
            #expect(diagnostic.hint == "write it as in 1h30m")
        }
    }

    @Test(
        "strings decode their escapes",
        arguments: [
            (#""plain""#, "plain"),
            (#""""#, ""),
            (#""a\nb""#, "a\nb"),
            (#""tab\there""#, "tab\there"),
            (#""say \"hi\"""#, "say \"hi\""),
            (#""back\\slash""#, "back\\slash"),
            (#""keep \{ as written""#, "keep \\{ as written"),
            (##""# not a comment""##, "# not a comment"),
            (#""José €5""#, "José €5"),
        ])
    func string(source: String, value: String) {
        let (tokens, diagnostics) = lex(source)
        #expect(diagnostics.isEmpty)
        #expect(tokens.map(\.kind) == [.string, .endOfFile])
        #expect(tokens.first?.stringValue == value)
        #expect(tokens.first?.text == source)
    }

    @Test("an unterminated string is reported where it starts, with a hint, and lexing resumes on the next line")
    func unterminatedString() throws {
        let (tokens, diagnostics) = lex("log \"abc\nnext \"also open\\")
        #expect(
            tokens.map(\.kind) == [.identifier, .invalid, .newline, .identifier, .invalid, .endOfFile])
        #expect(tokens[3].text == "next")
        #expect(diagnostics.map(\.message) == ["unterminated string", "unterminated string"])
        #expect(diagnostics.map(\.location.description) == ["1:5", "2:6"])
        #expect(diagnostics[0].hint == "close it with \" on the same line; write \\n for a line break")
    }

    @Test(
        "operators and punctuation",
        arguments: [
            ("== != < <= > >= =", [Token.Kind.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .assign]),
            ("+ - * /", [.plus, .minus, .star, .slash]),
            (
                "{ } ( ) [ ] , . :",
                [
                    .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket,
                    .comma, .dot, .colon,
                ]
            ),
            ("account.level", [.identifier, .dot, .identifier]),
            ("_x1 rule", [.identifier, .identifier]),
            ("a<=b", [.identifier, .lessEqual, .identifier]),
        ])
    func operators(text: String, expected: [Token.Kind]) {
        let (tokens, diagnostics) = lex(text)
        #expect(diagnostics.isEmpty)
        #expect(tokens.map(\.kind) == expected + [.endOfFile])
    }

    @Test(
        "characters that are not part of the language are reported with a hint where one helps",
        arguments: [
            ("a ! b", "unexpected '!'", "write 'not' for negation and '!=' for inequality" as String?, 3),
            ("a && b", "unexpected '&&'", "write 'and'", 3),
            ("a & b", "unexpected '&'", "write 'and'", 3),
            ("a || b", "unexpected '||'", "write 'or'", 3),
            ("a @ b", "unexpected character '@'", nil, 3),
            ("é", "unexpected character 'é'", nil, 1),
            ("x = €", "unexpected character '€'", nil, 5),
        ])
    func unexpectedCharacter(text: String, message: String, hint: String?, column: Int) throws {
        let (tokens, diagnostics) = lex(text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == message)
        #expect(diagnostic.hint == hint)
        #expect(diagnostic.location.column == column)
        // `!`, `&&` and `||` are reported, then read as `not`, `and` and `or` so parsing can go on.
        let recovered = ["!": "not", "&": "and", "&&": "and", "|": "or", "||": "or"]
        if let word = recovered[String(text.dropFirst(2).prefix { $0 != " " })] {
            #expect(tokens.filter { $0.kind == .invalid }.isEmpty)
            #expect(tokens.contains { $0.kind == .identifier && $0.text == word })
        } else {
            #expect(tokens.filter { $0.kind == .invalid }.count == 1)
        }
    }

    @Test(
        "newlines end clauses except where the expression obviously goes on",
        arguments: [
            ("a\nb", [Token.Kind.identifier, .newline, .identifier]),
            ("a <\n  b", [.identifier, .less, .identifier]),
            ("a ==\nb", [.identifier, .equal, .identifier]),
            ("a +\nb", [.identifier, .plus, .identifier]),
            ("a *\nb", [.identifier, .star, .identifier]),
            ("a,\nb", [.identifier, .comma, .identifier]),
            ("a and\nb", [.identifier, .identifier, .identifier]),
            ("a or\nb", [.identifier, .identifier, .identifier]),
            ("not\nb", [.identifier, .identifier]),
            ("a in\n[1]", [.identifier, .identifier, .leftBracket, .number, .rightBracket]),
            ("a matches\n\"x*\"", [.identifier, .identifier, .string]),
            ("a\n  and b", [.identifier, .identifier, .identifier]),
            ("a\n\n  or b", [.identifier, .identifier, .identifier]),
            ("a\n# a comment\nand b", [.identifier, .identifier, .identifier]),
            ("a\nandroid", [.identifier, .newline, .identifier]),
            ("a\norder", [.identifier, .newline, .identifier]),
            ("(a\nb)", [.leftParen, .identifier, .identifier, .rightParen]),
            ("f(a,\n b\n)", [.identifier, .leftParen, .identifier, .comma, .identifier, .rightParen]),
            ("[\"x\",\n\"y\"\n]", [.leftBracket, .string, .comma, .string, .rightBracket]),
            ("(a)\nb", [.leftParen, .identifier, .rightParen, .newline, .identifier]),
            ("a\n<\nb", [.identifier, .newline, .less, .identifier]),
        ])
    func lineContinuation(text: String, expected: [Token.Kind]) {
        let (_, diagnostics) = lex(text)
        #expect(diagnostics.isEmpty)
        #expect(kinds(text) == expected + [.endOfFile])
    }

    @Test(
        "blank lines collapse, leading newlines vanish, comments and carriage returns are skipped",
        arguments: [
            ("\n\n\na", [Token.Kind.identifier]),
            ("a\n\n\n\nb", [.identifier, .newline, .identifier]),
            ("a\n", [.identifier, .newline]),
            ("# only a comment", []),
            ("a # trailing comment\nb", [.identifier, .newline, .identifier]),
            ("a\r\nb\r\n", [.identifier, .newline, .identifier, .newline]),
            ("\ta\t<\t5", [.identifier, .less, .number]),
            ("", []),
        ])
    func whitespaceAndComments(text: String, expected: [Token.Kind]) {
        #expect(kinds(text) == expected + [.endOfFile])
    }

    @Test("token ranges point at the exact source text")
    func ranges() {
        let text = "  when level < 95%\n  for 1h30m"
        let file = SourceFile(path: "x", text: text)
        let tokens = lex(text).tokens
        #expect(tokens.map(\.text) == ["when", "level", "<", "95%", "\n", "for", "1h30m", ""])
        for token in tokens {
            #expect(file.text(of: token.range) == token.text)
        }
        #expect(file.location(of: tokens[6].range.start).description == "2:7")
    }
}
