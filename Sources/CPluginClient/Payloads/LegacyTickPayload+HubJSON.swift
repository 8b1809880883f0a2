extension LegacyTickPayload: HubDecodable {
    /// As the synthesized `Decodable` init: `Symbol`, `Bid` and `Ask` required and strictly typed.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var symbol: String?
        var bid: Double?
        var ask: Double?
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "Symbol" where seen.first(0): symbol = try reader.readString()
            case "Bid" where seen.first(1): bid = try reader.readDouble()
            case "Ask" where seen.first(2): ask = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        guard let symbol else { throw JSONReaderError(.missingKey("Symbol"), offset: reader.offset) }
        guard let bid else { throw JSONReaderError(.missingKey("Bid"), offset: reader.offset) }
        guard let ask else { throw JSONReaderError(.missingKey("Ask"), offset: reader.offset) }
        self.init(symbol: symbol, bid: bid, ask: ask)
    }
}
