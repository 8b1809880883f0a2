import Foundation

extension TickPayload: HubDecodable {
    /// As the `Decodable` init: every field lenient, unknown ones ignored.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var symbol = ""
        var bid = 0.0
        var ask = 0.0
        var lastTime: Date?
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "symbol" where seen.first(0): symbol = try reader.lenientString()
            case "bid" where seen.first(1): bid = try reader.lenientDouble()
            case "ask" where seen.first(2): ask = try reader.lenientDouble()
            case "lastTime" where seen.first(3): lastTime = try reader.lenientDate()
            default: try reader.skipValue()
            }
        }
        self.init(symbol: symbol, bid: bid, ask: ask, lastTime: lastTime)
    }
}
