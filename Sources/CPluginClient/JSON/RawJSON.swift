/// The bytes of one JSON value, kept undecoded until someone who knows its type asks for it. Hub messages carry
/// their arguments and items this way, so a frame is scanned once and each payload decoded once, into its own type.
public struct RawJSON: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8 JSON text of exactly one value, without surrounding whitespace.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public static let null = RawJSON(bytes: Array("null".utf8))

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
