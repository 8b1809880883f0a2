extension JSONReader {
    /// Reads a string, unescaping it. Invalid UTF-8 and unpaired `\u` surrogates are `invalidUnicode`.
    public mutating func readString() throws(JSONReaderError) -> String {
        let byte = try significantByte()
        guard byte == UInt8(ascii: "\"") else { throw mismatch(expected: .string, found: byte) }
        let token = try scanString()
        guard let text = string(token) else { throw error(.invalidUnicode, at: token.start) }
        return text
    }

    /// Reads a string, or null as nil.
    public mutating func readStringOrNull() throws(JSONReaderError) -> String? {
        if try readNullIfPresent() { return nil }
        return try readString()
    }

    /// Scans the string literal at `index` (which must be its opening quote) to just past its closing quote. Checks the
    /// grammar (escapes, no raw control characters); Unicode is checked when the contents are turned into a `String`.
    /// Eight bytes are examined at a time while none of them needs attention.
    @inline(__always)
    mutating func scanString() throws(JSONReaderError) -> JSONStringToken {
        let start = index + 1
        var position = start
        var high: UInt64 = 0
        var hasEscapes = false
        let count = bytes.count
        while true {
            if position + 8 <= count, let base = bytes.baseAddress {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let special = Self.specialBytes(word)
                if special == 0 {
                    high |= word
                    position += 8
                    continue
                }
                // The lowest flagged byte is a true one (false positives only sit above a true one).
                let skipped = special.trailingZeroBitCount >> 3
                high |= word & ((1 << UInt64(skipped << 3)) &- 1)
                position += skipped
            } else {
                while position < count {
                    let byte = bytes[position]
                    guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
                    high |= UInt64(byte)
                    position += 1
                }
                guard position < count else { throw error(.unexpectedEnd, at: count) }
            }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                index = position + 1
                return JSONStringToken(
                    start: start, end: position, hasEscapes: hasEscapes, isASCII: high & 0x8080_8080_8080_8080 == 0)
            case UInt8(ascii: "\\"):
                hasEscapes = true
                position = try Self.validateEscape(bytes, at: position, baseOffset: baseOffset)
            default:
                throw error(.controlCharacterInString, at: position)
            }
        }
    }

    /// High bit set in each byte of `word` that is a quote, a backslash or a control character (below 0x20), and
    /// possibly in bytes above such a byte; zero when there is none.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & highBits
    }

    /// Checks the escape whose backslash is at `position`; returns the position after it. Static, so the rare call
    /// does not make the string scan keep a copy of the reader.
    @inline(never)
    private static func validateEscape(
        _ bytes: UnsafeRawBufferPointer, at position: Int, baseOffset: Int
    ) throws(JSONReaderError) -> Int {
        guard position + 1 < bytes.count else {
            throw JSONReaderError(.unexpectedEnd, offset: baseOffset + bytes.count)
        }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return position + 2
        case UInt8(ascii: "u"):
            for digit in position + 2..<position + 6 {
                guard digit < bytes.count else {
                    throw JSONReaderError(.unexpectedEnd, offset: baseOffset + bytes.count)
                }
                guard bytes[digit].isHexDigit else {
                    throw JSONReaderError(.invalidEscape, offset: baseOffset + position)
                }
            }
            return position + 6
        default:
            throw JSONReaderError(.invalidEscape, offset: baseOffset + position)
        }
    }

    /// The four hex digits at `position` as a number, or nil if they are not four hex digits (or not all there).
    private func hexValue(at position: Int) -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The token's contents as a `String`, or nil when they are not Unicode (bad UTF-8, unpaired surrogate).
    func string(_ token: JSONStringToken) -> String? {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end])
        if !token.hasEscapes {
            if token.isASCII { return String(decoding: raw, as: UTF8.self) }
            return String(validating: raw, as: UTF8.self)
        }
        guard let unescaped = unescapedBytes(token) else { return nil }
        return String(validating: unescaped, as: UTF8.self)
    }

    /// The token's contents with escapes resolved, as UTF-8 bytes (not yet validated); nil for an unpaired surrogate.
    func unescapedBytes(_ token: JSONStringToken) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(token.end - token.start)
        var position = token.start
        while position < token.end {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            let escaped = bytes[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hexValue(at: position) else { return nil }
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 6 <= token.end, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u"), let low = hexValue(at: position + 2),
                        (0xDC00...0xDFFF).contains(low)
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    return nil
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                output.append(contentsOf: UTF8.encode(unicode)!)
            default: output.append(escaped)  // `"`, `\` and `/` stand for themselves
            }
        }
        return output
    }

    /// Reads an object key at `index` (its opening quote). Keys without escapes borrow the input; keys are checked
    /// to be Unicode, as `JSONDecoder` checks them.
    mutating func readKey() throws(JSONReaderError) -> JSONKey {
        let token = try scanString()
        if !token.hasEscapes {
            let raw = UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end])
            if !token.isASCII, String(validating: raw, as: UTF8.self) == nil {
                throw error(.invalidUnicode, at: token.start)
            }
            return JSONKey(bytes: raw)
        }
        guard let text = string(token) else { throw error(.invalidUnicode, at: token.start) }
        return JSONKey(unescaped: text)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self | 0x20)
    }
}
