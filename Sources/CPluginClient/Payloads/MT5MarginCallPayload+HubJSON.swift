extension MT5MarginCallPayload: HubDecodable {
    /// As the `Decodable` init: every field lenient, `type` by name or number, unknown fields ignored.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var login = 0
        var type = 0
        var direction = 0
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "login" where seen.first(0): login = try reader.lenientInt()
            case "type" where seen.first(1): type = try reader.lenientEnum(names: ["ok", "margincall", "stopout"])
            case "direction" where seen.first(2): direction = try reader.lenientInt()
            default: try reader.skipValue()
            }
        }
        self.init(login: login, type: type, direction: direction)
    }
}
