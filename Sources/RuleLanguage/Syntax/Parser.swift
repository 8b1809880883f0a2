/// A recursive-descent parser for rule files. It reports every problem it finds and recovers at the next line, so one
/// typo never hides the rest of a file's errors. It never traps: every loop consumes a token or stops.
package struct Parser {
    package let file: SourceFile
    var tokens: [Token]
    var index = 0
    package var diagnostics: DiagnosticBag
    /// How deep the expression being parsed is nested, to refuse absurd nesting before it exhausts the stack.
    var depth = 0
    /// Errors up to this byte offset are dropped: the line was abandoned and anything more would be noise.
    var silencedThrough = -1
    static let maximumDepth = 100

    package init(file: SourceFile) {
        self.file = file
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.diagnostics = DiagnosticBag(file: file)
        diagnostics.append(contentsOf: lexer.diagnostics)
    }

    /// Parses a sub-range of the file (a template placeholder) as one expression.
    package init(file: SourceFile, range: SourceRange) {
        self.file = file
        var lexer = Lexer(file: file, range: range)
        self.tokens = lexer.tokenize()
        self.diagnostics = DiagnosticBag(file: file)
        diagnostics.append(contentsOf: lexer.diagnostics)
    }

    package var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }

    package mutating func parseFile() -> RuleFileSyntax {
        var constants: [ConstantDeclaration] = []
        var rules: [RuleDeclaration] = []
        while !atEnd {
            if current.kind == .newline {
                advance()
                continue
            }
            if current.isIdentifier("let") {
                if let constant = parseConstant() { constants.append(constant) }
            } else if current.isIdentifier("rule") {
                if let rule = parseRule() { rules.append(rule) }
            } else if current.isIdentifier("test") {
                error(
                    "a test block belongs in a .test file", at: current.range,
                    hint: "move it to a file ending in .test beside the rules")
                skipBlock()
            } else {
                if current.kind == .rightBrace {
                    error("unbalanced '}': no rule is open here", at: current.range)
                    advance()
                    continue
                } else if current.kind != .invalid {
                    error(
                        "expected 'rule' or 'let' at the top level, found \(describe(current))", at: current.range,
                        hint: Suggestion.hint(for: current.text, among: ["rule", "let"]))
                }
                // A misspelt `rule` opens a block: skip all of it rather than report each of its lines.
                if lineOpensBlock { skipBlock() } else { skipLine() }
            }
        }
        return RuleFileSyntax(file: file, constants: constants, rules: rules)
    }

    // MARK: - Declarations

    mutating func parseConstant() -> ConstantDeclaration? {
        advance()  // let
        guard let name = expectIdentifier("a constant name after 'let'") else {
            skipLine()
            return nil
        }
        guard expect(.assign, "'=' after the constant name") else {
            skipLine()
            return nil
        }
        let value = parseExpression()
        endClause()
        return ConstantDeclaration(name: name, value: value)
    }

    mutating func parseRule() -> RuleDeclaration? {
        let start = current.range
        advance()  // rule
        guard let name = expectIdentifier("a rule name after 'rule'") else {
            skipBlock()
            return nil
        }
        var rule = RuleDeclaration(name: name, range: start.through(name.range))
        guard current.kind == .leftBrace else {
            error("expected '{' to open rule '\(name.name)', found \(describe(current))", at: current.range)
            skipBlock()
            return nil
        }
        let openBrace = current.range
        advance()
        while true {
            if current.kind == .newline {
                advance()
                continue
            }
            if current.kind == .rightBrace {
                rule.range = rule.range.through(current.range)
                advance()
                endClause()
                return rule
            }
            if atEnd || current.isIdentifier("rule") || current.isIdentifier("let") && isAtLineStart {
                error(
                    "rule '\(name.name)' is missing its closing '}'", at: openBrace,
                    hint: "add '}' after the rule's last clause")
                return rule
            }
            parseClause(into: &rule)
        }
    }

    var isAtLineStart: Bool {
        index == 0 || tokens[index - 1].kind == .newline || tokens[index - 1].kind == .leftBrace
    }

    // MARK: - Token helpers

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) -> Bool {
        if current.kind == kind {
            advance()
            return true
        }
        if current.kind != .invalid {
            error("expected \(what), found \(describe(current))", at: current.range)
        }
        return false
    }

    mutating func expectIdentifier(_ what: String) -> Identifier? {
        guard current.kind == .identifier else {
            if current.kind != .invalid { error("expected \(what), found \(describe(current))", at: current.range) }
            return nil
        }
        let identifier = Identifier(current.text, range: current.range)
        advance()
        return identifier
    }

    /// A clause ends at a newline or before the rule's closing brace; anything else left on the line is an error.
    mutating func endClause() {
        switch current.kind {
        case .newline:
            advance()
        case .endOfFile, .rightBrace:
            return
        case .invalid:
            skipLine()
        default:
            error("unexpected \(describe(current)) at the end of the clause", at: current.range)
            skipLine()
        }
    }

    /// Skips to the end of the line (or the rule's closing brace) without consuming it, so the caller's loop
    /// resumes at a clause boundary.
    mutating func skipLine() {
        while !atEnd, current.kind != .newline, current.kind != .rightBrace {
            advance()
        }
    }

    /// Skips a `{ ... }` block (or the rest of the line when there is none), keeping the braces balanced.
    mutating func skipBlock() {
        var depth = 0
        while !atEnd {
            switch current.kind {
            case .leftBrace: depth += 1
            case .rightBrace:
                depth -= 1
                if depth <= 0 {
                    advance()
                    return
                }
            case .newline where depth == 0:
                advance()
                return
            default: break
            }
            advance()
        }
    }

    /// Whether a `{` follows on the current line.
    var lineOpensBlock: Bool {
        var probe = index
        while probe < tokens.count - 1, tokens[probe].kind != .newline {
            if tokens[probe].kind == .leftBrace { return true }
            probe += 1
        }
        return false
    }

    mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        guard range.start > silencedThrough else { return }
        diagnostics.error(message, at: range, hint: hint)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "the end of the line"
        case .endOfFile: return "the end of the file"
        case .string: return "string \(token.text)"
        case .number, .percent, .duration: return "'\(token.text)'"
        default: return "'\(token.text)'"
        }
    }
}
