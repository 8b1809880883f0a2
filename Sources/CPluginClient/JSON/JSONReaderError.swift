/// Why `JSONReader` stopped, and where: `offset` is the byte offset in the input, so a bad frame can be reported and
/// located without keeping the frame. Typed, so callers can tell malformed JSON from a well-formed value of the
/// wrong type.
public struct JSONReaderError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The input ended inside a value.
        case unexpectedEnd
        /// A byte that JSON does not allow here (`expected` says what would have been valid).
        case unexpectedByte(UInt8, expected: String)
        /// A malformed number literal (`01`, `1.`, `-`, `1e`).
        case invalidNumber
        /// A well-formed number the requested type cannot hold (too large, not whole, or not finite).
        case numberNotRepresentable
        /// A backslash escape JSON does not define, or `\u` without four hex digits.
        case invalidEscape
        /// A raw control character (below U+0020) inside a string; JSON requires it escaped.
        case controlCharacterInString
        /// A string that is not Unicode: invalid UTF-8, or a `\u` surrogate without its partner.
        case invalidUnicode
        /// A well-formed value of another type than the one asked for.
        case typeMismatch(expected: JSONValueKind, found: JSONValueKind)
        /// Objects and arrays nested deeper than the reader's limit.
        case tooDeeplyNested(limit: Int)
        /// Something other than whitespace after the value.
        case trailingData
        /// An object lacks a member its type requires.
        case missingKey(String)
        /// A well-formed value of the right type that the type still does not accept (an unknown enum name, say).
        case invalidValue(String)
    }

    public var kind: Kind
    /// Byte offset in the input where the problem was found.
    public var offset: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .unexpectedEnd: what = "unexpected end of JSON"
        case .unexpectedByte(let byte, let expected):
            what = "unexpected \(Self.describe(byte)), expected \(expected)"
        case .invalidNumber: what = "malformed number"
        case .numberNotRepresentable: what = "number out of range for its type"
        case .invalidEscape: what = "invalid escape in string"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .invalidUnicode: what = "string is not valid Unicode (bad UTF-8 or lone surrogate)"
        case .typeMismatch(let expected, let found): what = "expected \(expected), found \(found)"
        case .tooDeeplyNested(let limit): what = "nested deeper than \(limit) levels"
        case .trailingData: what = "unexpected data after the JSON value"
        case .missingKey(let key): what = "missing key \"\(key)\""
        case .invalidValue(let reason): what = reason
        }
        return "\(what) at byte \(offset)"
    }

    /// A byte as people read it: the character when printable ASCII, else its hex value.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(byte < 16 ? "0" : "")\(hex)"
    }
}
