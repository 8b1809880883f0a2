/// A pull reader over one JSON document in UTF-8, for decoding hub frames straight into typed values: no
/// `JSONSerialization`, no `Any`, no intermediate tree. The caller walks the document (`beginObject`, `nextKey`,
/// `readDouble`, `skipValue`, …) and builds its own type as it goes; object keys are compared as bytes, so matching a
/// key allocates nothing.
///
/// The reader is strict about JSON's grammar (RFC 8259: no trailing commas, no leading zeros, escapes as defined) and
/// reports every problem as a `JSONReaderError` with its byte offset, so hostile input ends in an error, never a
/// crash. Containers may nest `maxDepth` deep; skipping does not recurse, so the limit is about sanity, not stack.
///
/// Numbers are read as Foundation's `JSONDecoder` reads them (see `readInt()` and `readDouble()`), so a type decoded
/// with either gets the same values.
///
/// The reader borrows its bytes: create it with one of the `read` functions, which bound its lifetime, or with
/// `init(unsafeBytes:)` when the caller guarantees the memory outlives it. `JSONKey`s it returns borrow the same bytes.
public struct JSONReader {
    /// Foundation's `JSONDecoder` limit, so both accept the same documents.
    public static let defaultMaxDepth = 512

    let bytes: UnsafeRawBufferPointer
    /// Position of the next unread byte.
    var index: Int
    /// Objects and arrays currently open.
    var depth = 0
    /// Set by `beginObject`/`beginArray`: the next member needs no comma before it.
    var atContainerStart = false
    public let maxDepth: Int
    let baseOffset: Int

    /// A reader over memory the caller keeps valid and unchanged for as long as the reader (and any `JSONKey` it
    /// returns) is used. `baseOffset` is added to offsets in errors, for bytes that are part of a larger buffer.
    public init(unsafeBytes bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth, baseOffset: Int = 0) {
        self.bytes = bytes
        self.index = 0
        self.maxDepth = max(1, maxDepth)
        self.baseOffset = baseOffset
    }

    /// Reads `bytes` with a reader that lives only inside `body`.
    public static func read<Result, Failure: Error>(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth,
        _ body: (inout JSONReader) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var reader = JSONReader(unsafeBytes: bytes, maxDepth: maxDepth)
        return try body(&reader)
    }

    /// Reads `bytes` with a reader that lives only inside `body`.
    public static func read<Result, Failure: Error>(
        _ bytes: [UInt8], maxDepth: Int = defaultMaxDepth, _ body: (inout JSONReader) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBytes { raw in
            var reader = JSONReader(unsafeBytes: raw, maxDepth: maxDepth)
            do throws(Failure) {
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Reads `bytes` with a reader that lives only inside `body`; error offsets count from the slice's start.
    public static func read<Result, Failure: Error>(
        _ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth,
        _ body: (inout JSONReader) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBytes { raw in
            var reader = JSONReader(unsafeBytes: raw, maxDepth: maxDepth)
            do throws(Failure) {
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The byte offset of the next unread byte.
    public var offset: Int { baseOffset + index }

    /// Whether anything but whitespace is left.
    public var isAtEnd: Bool {
        mutating get {
            skipWhitespace()
            return index >= bytes.count
        }
    }

    func error(_ kind: JSONReaderError.Kind, at position: Int) -> JSONReaderError {
        JSONReaderError(kind, offset: baseOffset + position)
    }

    // MARK: Whitespace and peeking

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not whitespace, not consumed.
    @inline(__always)
    mutating func significantByte() throws(JSONReaderError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error(.unexpectedEnd, at: index) }
        return bytes[index]
    }

    /// What the next value is, judged by its first byte; consumes only whitespace.
    public mutating func peekKind() throws(JSONReaderError) -> JSONValueKind {
        let byte = try significantByte()
        guard let kind = Self.kind(startingWith: byte) else {
            throw error(.unexpectedByte(byte, expected: "a JSON value"), at: index)
        }
        return kind
    }

    @inline(__always)
    static func kind(startingWith byte: UInt8) -> JSONValueKind? {
        switch byte {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: nil
        }
    }

    /// A type mismatch for a value starting with `byte`, or the syntax error it is when `byte` starts no value.
    func mismatch(expected: JSONValueKind, found byte: UInt8) -> JSONReaderError {
        guard let found = Self.kind(startingWith: byte) else {
            return error(.unexpectedByte(byte, expected: expected.description), at: index)
        }
        return error(.typeMismatch(expected: expected, found: found), at: index)
    }

    /// Throws unless only whitespace is left; call after the top-level value.
    public mutating func expectEnd() throws(JSONReaderError) {
        skipWhitespace()
        guard index >= bytes.count else { throw error(.trailingData, at: index) }
    }

    // MARK: Objects and arrays

    @inline(__always)
    mutating func enterContainer() throws(JSONReaderError) {
        guard depth < maxDepth else { throw error(.tooDeeplyNested(limit: maxDepth), at: index) }
        depth += 1
        index += 1
        atContainerStart = true
    }

    /// Consumes `{`. Follow with `nextKey()` until it returns nil.
    public mutating func beginObject() throws(JSONReaderError) {
        let byte = try significantByte()
        guard byte == UInt8(ascii: "{") else { throw mismatch(expected: .object, found: byte) }
        try enterContainer()
    }

    /// The next member's key, with its `:` consumed so the value comes next; nil (with `}` consumed) at the object's
    /// end. The value must be read or skipped before asking for the next key.
    public mutating func nextKey() throws(JSONReaderError) -> JSONKey? {
        guard try advanceToMember() else { return nil }
        let key = try readKey()
        try consumeColon()
        return key
    }

    /// `nextKey()` for skipping: the key's grammar is checked, not its Unicode, as for any skipped string.
    mutating func skipToNextMember() throws(JSONReaderError) -> Bool {
        guard try advanceToMember() else { return false }
        _ = try scanString()
        try consumeColon()
        return true
    }

    /// Moves to the next member's key (its opening quote) and returns true, or consumes `}` and returns false.
    @inline(__always)
    private mutating func advanceToMember() throws(JSONReaderError) -> Bool {
        var byte = try significantByte()
        if byte == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
        } else {
            guard byte == UInt8(ascii: ",") else {
                throw error(.unexpectedByte(byte, expected: "',' or '}'"), at: index)
            }
            index += 1
            byte = try significantByte()
        }
        guard byte == UInt8(ascii: "\"") else {
            throw error(.unexpectedByte(byte, expected: "a key string"), at: index)
        }
        return true
    }

    @inline(__always)
    private mutating func consumeColon() throws(JSONReaderError) {
        let colon = try significantByte()
        guard colon == UInt8(ascii: ":") else { throw error(.unexpectedByte(colon, expected: "':'"), at: index) }
        index += 1
    }

    /// Consumes `[`. Follow with `nextElement()` until it returns false.
    public mutating func beginArray() throws(JSONReaderError) {
        let byte = try significantByte()
        guard byte == UInt8(ascii: "[") else { throw mismatch(expected: .array, found: byte) }
        try enterContainer()
    }

    /// True when another element follows (positioned at it, its comma consumed); false, with `]` consumed, at the
    /// array's end. Each element must be read or skipped before asking again.
    public mutating func nextElement() throws(JSONReaderError) -> Bool {
        let byte = try significantByte()
        if byte == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
        } else {
            guard byte == UInt8(ascii: ",") else {
                throw error(.unexpectedByte(byte, expected: "',' or ']'"), at: index)
            }
            index += 1
            // `[1,]` is not JSON: a value must follow the comma.
            if try significantByte() == UInt8(ascii: "]") {
                throw error(.unexpectedByte(UInt8(ascii: "]"), expected: "a JSON value"), at: index)
            }
        }
        return true
    }

    // MARK: Literals

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONReaderError) -> Bool {
        let byte = try significantByte()
        switch byte {
        case UInt8(ascii: "t"):
            try consumeLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try consumeLiteral("false")
            return false
        default:
            throw mismatch(expected: .bool, found: byte)
        }
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONReaderError) {
        let byte = try significantByte()
        guard byte == UInt8(ascii: "n") else { throw mismatch(expected: .null, found: byte) }
        try consumeLiteral("null")
    }

    /// Consumes a `null` and returns true if one comes next; otherwise consumes nothing but whitespace.
    public mutating func readNullIfPresent() throws(JSONReaderError) -> Bool {
        guard try significantByte() == UInt8(ascii: "n") else { return false }
        try consumeLiteral("null")
        return true
    }

    mutating func consumeLiteral(_ literal: StaticString) throws(JSONReaderError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for offset in 0..<count {
            guard index + offset < bytes.count else { throw error(.unexpectedEnd, at: bytes.count) }
            let byte = bytes[index + offset]
            guard byte == start[offset] else {
                throw error(.unexpectedByte(byte, expected: "'\(literal)'"), at: index + offset)
            }
        }
        index += count
    }

    // MARK: Skipping and raw values

    /// Skips the next value, whatever it is, checking its syntax. Does not recurse, so any nesting within the depth
    /// limit is safe.
    public mutating func skipValue() throws(JSONReaderError) {
        let base = depth
        // One bit per container opened by this skip (1 = object), the first 64 in `kinds`, deeper ones in `deeper`.
        var kinds: UInt64 = 0
        var deeper: [UInt64] = []
        func push(_ isObject: Bool, level: Int, kinds: inout UInt64, deeper: inout [UInt64]) {
            if level < 64 {
                if isObject { kinds |= 1 << UInt64(level) } else { kinds &= ~(1 << UInt64(level)) }
            } else {
                let word = (level - 64) / 64
                let bit = UInt64((level - 64) % 64)
                while deeper.count <= word { deeper.append(0) }
                if isObject { deeper[word] |= 1 << bit } else { deeper[word] &= ~(1 << bit) }
            }
        }
        func isObject(level: Int, kinds: UInt64, deeper: [UInt64]) -> Bool {
            if level < 64 { return kinds & (1 << UInt64(level)) != 0 }
            return deeper[(level - 64) / 64] & (1 << UInt64((level - 64) % 64)) != 0
        }
        while true {
            // At a value.
            let byte = try significantByte()
            switch byte {
            case UInt8(ascii: "{"):
                try enterContainer()
                push(true, level: depth - base - 1, kinds: &kinds, deeper: &deeper)
                guard try skipToNextMember() else { break }
                continue
            case UInt8(ascii: "["):
                try enterContainer()
                push(false, level: depth - base - 1, kinds: &kinds, deeper: &deeper)
                guard try nextElement() else { break }
                continue
            case UInt8(ascii: "\""):
                _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try skipNumber()
            case UInt8(ascii: "t"):
                try consumeLiteral("true")
            case UInt8(ascii: "f"):
                try consumeLiteral("false")
            case UInt8(ascii: "n"):
                try consumeLiteral("null")
            default:
                throw error(.unexpectedByte(byte, expected: "a JSON value"), at: index)
            }
            // After a value: close containers until one has another member, or the skipped value is done.
            while depth > base {
                if isObject(level: depth - base - 1, kinds: kinds, deeper: deeper) {
                    if try skipToNextMember() { break }
                } else {
                    if try nextElement() { break }
                }
            }
            if depth == base { return }
        }
    }

    /// Skips the next value and returns its bytes (no surrounding whitespace), which borrow the reader's memory.
    public mutating func readRawBytes() throws(JSONReaderError) -> UnsafeRawBufferPointer {
        skipWhitespace()
        let start = index
        try skipValue()
        return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }

    /// Skips the next value and returns a copy of its bytes, to decode later.
    public mutating func readRawJSON() throws(JSONReaderError) -> RawJSON {
        RawJSON(bytes: Array(try readRawBytes()))
    }
}
