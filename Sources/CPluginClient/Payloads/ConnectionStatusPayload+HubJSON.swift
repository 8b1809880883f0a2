extension ConnectionStatusPayload: HubDecodable {
    /// As the synthesized `Decodable` init: `connected` required, a boolean.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var connected: Bool?
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "connected" where seen.first(0): connected = try reader.readBool()
            default: try reader.skipValue()
            }
        }
        guard let connected else { throw JSONReaderError(.missingKey("connected"), offset: reader.offset) }
        self.init(connected: connected)
    }
}
