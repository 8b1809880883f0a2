/// A type read straight from hub JSON with a `JSONReader`, without `Codable`'s containers or an intermediate tree:
/// hub payloads arrive by the hundred thousand a second, and this keeps decoding them cheap. Conformances must
/// decode exactly what their `Decodable` conformance (if any) decodes, with the same values, so either path can be
/// used; the payload conformances in `Payloads/` are tested for that.
public protocol HubDecodable: Sendable {
    /// Reads one value, leaving the reader just after it.
    init(hubJSON reader: inout JSONReader) throws(JSONReaderError)
}

extension RawJSON {
    /// Decodes the whole of these bytes as a `T`; anything after the value is an error.
    public func decode<T: HubDecodable>(_ type: T.Type = T.self) throws(JSONReaderError) -> T {
        try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONReaderError) -> T in
            let value = try T(hubJSON: &reader)
            try reader.expectEnd()
            return value
        }
    }
}

extension Bool: HubDecodable {
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        self = try reader.readBool()
    }
}

extension Int: HubDecodable {
    /// As `JSONDecoder` reads an `Int`: `5`, `5.0` and `5e0` are 5; `5.5` and out-of-range numbers are errors.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        self = try reader.readInt()
    }
}

extension Double: HubDecodable {
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        self = try reader.readDouble()
    }
}

extension String: HubDecodable {
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        self = try reader.readString()
    }
}

extension Optional: HubDecodable where Wrapped: HubDecodable {
    /// `null` is nil; anything else must be a `Wrapped`.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        if try reader.readNullIfPresent() {
            self = nil
        } else {
            self = try Wrapped(hubJSON: &reader)
        }
    }
}

extension Array: HubDecodable where Element: HubDecodable {
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        self = []
        try reader.beginArray()
        while try reader.nextElement() {
            append(try Element(hubJSON: &reader))
        }
    }
}
