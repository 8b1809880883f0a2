extension UpdateKind: HubDecodable {
    /// As the `Decodable` init: a number 0…2, or a name (`Added`, `update`, …) in any case.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        let start = reader.offset
        guard let kind = try Self.read(&reader) else {
            throw JSONReaderError(.invalidValue("kind must be Added, Updated, Deleted or 0, 1, 2"), offset: start)
        }
        self = kind
    }

    /// A payload's `kind` as `(try? c.decodeIfPresent(UpdateKind.self, forKey: .kind)) ?? .updated` reads it.
    static func lenient(_ reader: inout JSONReader) throws(JSONReaderError) -> UpdateKind {
        try read(&reader) ?? .updated
    }

    private static let names: [StaticString] = ["added", "add", "updated", "update", "deleted", "delete"]

    /// The kind, or nil for a value of another type or an unknown name or number; malformed JSON throws.
    private static func read(_ reader: inout JSONReader) throws(JSONReaderError) -> UpdateKind? {
        switch try reader.significantByte() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return reader.foundationInt(try reader.scanNumber()).flatMap(UpdateKind.init(rawValue:))
        case UInt8(ascii: "\""):
            let token = try reader.scanString()
            return reader.nameIndex(token, names: names).flatMap { UpdateKind(rawValue: $0 / 2) }
        default:
            try reader.skipValue()
            return nil
        }
    }
}
