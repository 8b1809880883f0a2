/// An object key as `JSONReader.nextKey()` returns it: usually the key's bytes in the input, so matching it against
/// known names costs a length check and a byte compare, with no `String` made. Match keys with `switch`:
///
///     switch key {
///     case "symbol": symbol = try reader.readString()
///     default: try reader.skipValue()
///     }
///
/// A key borrows the reader's memory: use it before the reader's bytes go away.
public struct JSONKey {
    /// The key's UTF-8 bytes when it had no escapes.
    let bytes: UnsafeRawBufferPointer
    /// The key unescaped, when it had escapes.
    let unescaped: String?

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.unescaped = nil
    }

    init(unescaped: String) {
        self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        self.unescaped = unescaped
    }

    /// The key as a string (allocates when it is longer than a small string).
    public var stringValue: String {
        unescaped ?? String(decoding: bytes, as: UTF8.self)
    }

    /// True when the key's bytes equal `name`'s UTF-8.
    @inline(__always)
    public func equals(_ name: StaticString) -> Bool {
        guard name.hasPointerRepresentation else { return stringValue == name.description }
        let count = name.utf8CodeUnitCount
        if let unescaped {
            return unescaped.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
        }
        guard count == bytes.count else { return false }
        guard count > 0, let base = bytes.baseAddress else { return true }
        let other = UnsafeRawPointer(name.utf8Start)
        for offset in 0..<count
        where base.load(fromByteOffset: offset, as: UInt8.self) != other.load(fromByteOffset: offset, as: UInt8.self) {
            return false
        }
        return true
    }

    /// True when the key equals `name`.
    public func equals(_ name: String) -> Bool {
        if let unescaped { return unescaped.utf8.elementsEqual(name.utf8) }
        return bytes.elementsEqual(name.utf8)
    }

    /// Lets `switch key { case "name": … }` match keys.
    @inline(__always)
    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        key.equals(pattern)
    }
}
