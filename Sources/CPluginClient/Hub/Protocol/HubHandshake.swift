/// The JSON hub protocol's handshake: the client's first record names the protocol, and the server's first record
/// accepts or refuses it. The server's answer may share a transport frame with the first messages, so read it as the
/// first record of a `HubRecordSplitter`.
public enum HubHandshake {
    /// `{"protocol":"json","version":1}` and the record separator: what a client sends first.
    public static let request: [UInt8] =
        Array(#"{"protocol":"json","version":1}"#.utf8) + [HubRecordSplitter.recordSeparator]

    /// Reads the server's answer (separator removed; a trailing one is tolerated). Properties other than `error` and
    /// `minorVersion` are ignored.
    public static func parseResponse(_ record: UnsafeRawBufferPointer) throws(HubProtocolError) -> HubHandshakeResponse
    {
        var record = record
        if record.last == HubRecordSplitter.recordSeparator {
            record = UnsafeRawBufferPointer(rebasing: record.dropLast())
        }
        var response = HubHandshakeResponse()
        var reader = JSONReader(unsafeBytes: record)
        var current: StaticString?
        do {
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "error":
                    current = "error"
                    response.error = try reader.readStringOrNull()
                case "minorVersion":
                    current = "minorVersion"
                    response.minorVersion = try reader.readNullIfPresent() ? nil : try reader.readInt()
                default:
                    try reader.skipValue()
                }
                current = nil
            }
            try reader.expectEnd()
        } catch {
            if let current, case .typeMismatch = error.kind {
                throw HubProtocolError(.invalidField(current.description, error), record: record, offset: error.offset)
            }
            throw HubProtocolError(.malformedJSON(error), record: record, offset: error.offset)
        }
        return response
    }

    /// Reads the server's answer (separator removed; a trailing one is tolerated).
    public static func parseResponse(_ record: ArraySlice<UInt8>) throws(HubProtocolError) -> HubHandshakeResponse {
        let outcome: Result<HubHandshakeResponse, HubProtocolError> = record.withUnsafeBytes { raw in
            do throws(HubProtocolError) {
                return .success(try parseResponse(raw))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Reads the server's answer (separator removed; a trailing one is tolerated).
    public static func parseResponse(_ record: [UInt8]) throws(HubProtocolError) -> HubHandshakeResponse {
        try parseResponse(record[...])
    }
}
