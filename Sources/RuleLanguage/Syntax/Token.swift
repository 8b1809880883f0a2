/// One lexical token. Keywords are contextual: they arrive as identifiers and the parser decides.
package struct Token: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case identifier
        /// A plain number such as `50` or `1.5`.
        case number
        /// A number with a `%` suffix; `value` holds the percentage (95 for `95%`).
        case percent
        /// A duration such as `30s` or `1h30m`; `value` holds seconds.
        case duration
        case string
        case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
        case comma, dot, colon, assign
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        case plus, minus, star, slash
        case newline
        case endOfFile
        /// Text the lexer could not read; already reported.
        case invalid
    }

    package var kind: Kind
    package var range: SourceRange
    package var text: String
    /// The numeric value of number, percent and duration tokens.
    package var value: Double = 0
    /// The decoded content of a string token (escapes resolved).
    package var stringValue: String = ""

    package func isIdentifier(_ word: String) -> Bool {
        kind == .identifier && text == word
    }
}
