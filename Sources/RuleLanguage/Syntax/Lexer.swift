/// Turns source bytes into tokens. Newlines end clauses, except inside brackets and parentheses, after a token that
/// cannot end an expression, or before a line that starts with `and`/`or`: so long conditions can wrap naturally.
package struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private var nesting = 0
    package private(set) var diagnostics: [Diagnostic] = []

    package init(file: SourceFile, range: SourceRange? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.position = range?.start ?? 0
        self.end = min(range?.end ?? file.bytes.count, file.bytes.count)
    }

    /// Every token up to and including the end-of-file token.
    package mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            if token.kind == .newline {
                if let last = tokens.last, last.kind == .newline || continuesLine(last) { continue }
                if tokens.isEmpty { continue }
                if nextLineStartsWithConjunction() { continue }
            }
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private func continuesLine(_ token: Token) -> Bool {
        switch token.kind {
        case .comma, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash,
            .leftParen, .leftBracket:
            return true
        case .identifier:
            return ["and", "or", "not", "in", "matches"].contains(token.text)
        default:
            return false
        }
    }

    /// Words that only ever start a clause or a declaration, never continue an expression.
    private static let clauseStarters: Set<String> = [
        "rule", "let", "test", "on", "where", "when", "clear", "for", "by", "severity", "renotify", "step", "limit",
        "active", "shadow", "labels", "mail", "news", "webhook", "log", "at", "expect", "load",
    ]

    private func nextLineStartsClause() -> Bool {
        var index = position
        while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        guard index < end else { return true }
        if bytes[index] == UInt8(ascii: "}") { return true }
        let start = index
        while index < end, Self.isIdentifierByte(bytes[index]) { index += 1 }
        return Self.clauseStarters.contains(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private func nextLineStartsWithConjunction() -> Bool {
        var index = position
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n")
            {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "#") {
                while index < end, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            break
        }
        for word in ["and", "or"] {
            let utf8 = Array(word.utf8)
            if index + utf8.count <= end, Array(bytes[index..<index + utf8.count]) == utf8 {
                let after = index + utf8.count
                if after == end || !Self.isIdentifierByte(bytes[after]) { return true }
            }
        }
        return false
    }

    private mutating func next() -> Token {
        skipSpaceAndComments()
        guard position < end else {
            return Token(kind: .endOfFile, range: SourceRange(start: end, end: end), text: "")
        }
        let start = position
        let byte = bytes[position]
        if byte == UInt8(ascii: "\n") {
            position += 1
            if nesting > 0 {
                // An unclosed '(' or '[' must not swallow the rest of the file: a line that starts a clause or a
                // rule ends the bracket, and the parser reports it unclosed there.
                guard nextLineStartsClause() else { return next() }
                nesting = 0
            }
            return Token(kind: .newline, range: SourceRange(start: start, end: position), text: "\n")
        }
        if Self.isIdentifierStart(byte) {
            while position < end, Self.isIdentifierByte(bytes[position]) { position += 1 }
            return make(.identifier, from: start)
        }
        if Self.isDigit(byte) {
            return number(from: start)
        }
        if byte == UInt8(ascii: "\"") {
            return string(from: start)
        }
        position += 1
        let twoChar = position < end ? bytes[position] : 0
        switch byte {
        case UInt8(ascii: "{"): return make(.leftBrace, from: start)
        case UInt8(ascii: "}"): return make(.rightBrace, from: start)
        case UInt8(ascii: "("):
            nesting += 1
            return make(.leftParen, from: start)
        case UInt8(ascii: ")"):
            nesting = max(0, nesting - 1)
            return make(.rightParen, from: start)
        case UInt8(ascii: "["):
            nesting += 1
            return make(.leftBracket, from: start)
        case UInt8(ascii: "]"):
            nesting = max(0, nesting - 1)
            return make(.rightBracket, from: start)
        case UInt8(ascii: ","): return make(.comma, from: start)
        case UInt8(ascii: "."): return make(.dot, from: start)
        case UInt8(ascii: ":"): return make(.colon, from: start)
        case UInt8(ascii: "+"): return make(.plus, from: start)
        case UInt8(ascii: "-"): return make(.minus, from: start)
        case UInt8(ascii: "*"): return make(.star, from: start)
        case UInt8(ascii: "/"): return make(.slash, from: start)
        case UInt8(ascii: "="):
            if twoChar == UInt8(ascii: "=") {
                position += 1
                return make(.equal, from: start)
            }
            return make(.assign, from: start)
        case UInt8(ascii: "!"):
            if twoChar == UInt8(ascii: "=") {
                position += 1
                return make(.notEqual, from: start)
            }
            // Reported, then read as `not` so the rest of the condition is still checked.
            _ = invalid(from: start, "unexpected '!'", hint: "write 'not' for negation and '!=' for inequality")
            return Token(kind: .identifier, range: SourceRange(start: start, end: position), text: "not")
        case UInt8(ascii: "<"):
            if twoChar == UInt8(ascii: "=") {
                position += 1
                return make(.lessEqual, from: start)
            }
            return make(.less, from: start)
        case UInt8(ascii: ">"):
            if twoChar == UInt8(ascii: "=") {
                position += 1
                return make(.greaterEqual, from: start)
            }
            return make(.greater, from: start)
        case UInt8(ascii: "&"), UInt8(ascii: "|"):
            if twoChar == byte { position += 1 }
            let word = byte == UInt8(ascii: "&") ? "and" : "or"
            _ = invalid(
                from: start, "unexpected '\(file.text(of: SourceRange(start: start, end: position)))'",
                hint: "write '\(word)'")
            return Token(kind: .identifier, range: SourceRange(start: start, end: position), text: word)
        default:
            // Skip the whole UTF-8 scalar so the message names a character, not a byte.
            while position < end, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let text = file.text(of: SourceRange(start: start, end: position))
            return invalid(from: start, "unexpected character '\(text)'")
        }
    }

    private mutating func skipSpaceAndComments() {
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number(from start: Int) -> Token {
        let (value, fractional) = scanDecimal()
        // A duration: digits followed by a unit, possibly compound as in 1h30m.
        if position < end, Self.isIdentifierStart(bytes[position]), bytes[position] != UInt8(ascii: "e") {
            return duration(from: start, firstValue: value, fractional: fractional)
        }
        if position < end, bytes[position] == UInt8(ascii: "%") {
            position += 1
            var token = make(.percent, from: start)
            token.value = value
            return token
        }
        var token = make(.number, from: start)
        token.value = value
        return token
    }

    private mutating func scanDecimal() -> (Double, Bool) {
        let start = position
        while position < end, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
        var fractional = false
        if position + 1 < end, bytes[position] == UInt8(ascii: "."), Self.isDigit(bytes[position + 1]) {
            fractional = true
            position += 1
            while position < end, Self.isDigit(bytes[position]) { position += 1 }
        }
        let digits = String(decoding: bytes[start..<position].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        return (Double(digits) ?? 0, fractional)
    }

    private static let durationUnits: [String: Double] = [
        "ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800,
    ]

    private mutating func duration(from start: Int, firstValue: Double, fractional: Bool) -> Token {
        var total = 0.0
        var value = firstValue
        var problem: (String, String)?
        while true {
            let unitStart = position
            while position < end, Self.isIdentifierByte(bytes[position]), !Self.isDigit(bytes[position]) {
                position += 1
            }
            let unit = String(decoding: bytes[unitStart..<position], as: UTF8.self)
            if let scale = Self.durationUnits[unit] {
                total += value * scale
            } else if problem == nil {
                problem = (
                    "unknown unit '\(unit)' after a number",
                    "durations use ms, s, m, h, d or w (as in 30s, 5m, 1h30m); percentages end in %"
                )
            }
            guard position < end, Self.isDigit(bytes[position]) else { break }
            value = scanDecimal().0
            if position >= end || !Self.isIdentifierStart(bytes[position]) {
                problem = problem ?? ("a compound duration must end with a unit", "write it as in 1h30m")
                break
            }
        }
        // Swallow any identifier bytes glued to the end so the error covers the whole word.
        while position < end, Self.isIdentifierByte(bytes[position]) { position += 1 }
        if let problem {
            return invalid(from: start, problem.0, hint: problem.1)
        }
        _ = fractional
        var token = make(.duration, from: start)
        token.value = total
        return token
    }

    private mutating func string(from start: Int) -> Token {
        position += 1
        var content: [UInt8] = []
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                var token = make(.string, from: start)
                token.stringValue = String(decoding: content, as: UTF8.self)
                return token
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), position + 1 < end {
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "n"): content.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): content.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): content.append(escaped)
                default:
                    // Unknown escapes stay as written (templates give `\{` its meaning).
                    content.append(byte)
                    content.append(escaped)
                }
                position += 2
                continue
            }
            content.append(byte)
            position += 1
        }
        let token = invalid(
            from: start, "unterminated string", hint: "close it with \" on the same line; write \\n for a line break")
        return token
    }

    private func make(_ kind: Token.Kind, from start: Int) -> Token {
        let range = SourceRange(start: start, end: position)
        return Token(kind: kind, range: range, text: file.text(of: range))
    }

    private mutating func invalid(from start: Int, _ message: String, hint: String? = nil) -> Token {
        let range = SourceRange(start: start, end: position)
        diagnostics.append(Diagnostic(.error, message, in: file, at: range, hint: hint))
        return Token(kind: .invalid, range: range, text: file.text(of: range))
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }
}
