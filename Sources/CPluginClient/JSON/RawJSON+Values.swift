extension RawJSON {
    /// A JSON string, escaped as the hub protocol expects; for invocation arguments such as a symbol.
    public static func string(_ value: String) -> RawJSON {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        JSONWriter.appendString(value, to: &bytes)
        return RawJSON(bytes: bytes)
    }

    /// A JSON integer.
    public static func int(_ value: Int) -> RawJSON {
        var bytes: [UInt8] = []
        JSONWriter.appendInt(value, to: &bytes)
        return RawJSON(bytes: bytes)
    }

    /// `true` or `false`.
    public static func bool(_ value: Bool) -> RawJSON {
        RawJSON(bytes: Array((value ? "true" : "false").utf8))
    }

    /// A JSON number that reads back as the same `Double`; NaN and infinities, which JSON cannot express, are `null`.
    public static func double(_ value: Double) -> RawJSON {
        var bytes: [UInt8] = []
        JSONWriter.appendDouble(value, to: &bytes)
        return RawJSON(bytes: bytes)
    }

    /// Checks that `bytes` hold exactly one JSON value (surrounding whitespace is dropped), for raw JSON that comes
    /// from elsewhere than this package's writers.
    public init(validating bytes: [UInt8]) throws(JSONReaderError) {
        let range = try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONReaderError) -> Range<Int> in
            reader.skipWhitespace()
            let start = reader.index
            try reader.skipValue()
            let end = reader.index
            try reader.expectEnd()
            return start..<end
        }
        self.init(bytes: range.count == bytes.count ? bytes : Array(bytes[range]))
    }

    /// True for `null`, which is what a void hub method returns.
    public var isNull: Bool { bytes.elementsEqual("null".utf8) }
}
