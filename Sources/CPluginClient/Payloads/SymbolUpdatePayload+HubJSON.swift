extension SymbolUpdatePayload: HubDecodable {
    /// As the `Decodable` init: `kind` by name or number (`updated` when unreadable), every field lenient.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var kind = UpdateKind.updated
        var symbol = ""
        var description = ""
        var currency = ""
        var digits = 0
        var tradeMode = 0
        var spread = 0
        var stopsLevel = 0
        var freezeLevel = 0
        var contractSize = 0.0
        var tickValue = 0.0
        var tickSize = 0.0
        var marginInitial = 0.0
        var marginMaintenance = 0.0
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "kind" where seen.first(0): kind = try UpdateKind.lenient(&reader)
            case "symbol" where seen.first(1): symbol = try reader.lenientString()
            case "description" where seen.first(2): description = try reader.lenientString()
            case "currency" where seen.first(3): currency = try reader.lenientString()
            case "digits" where seen.first(4): digits = try reader.lenientInt()
            case "tradeMode" where seen.first(5): tradeMode = try reader.lenientInt()
            case "spread" where seen.first(6): spread = try reader.lenientInt()
            case "stopsLevel" where seen.first(7): stopsLevel = try reader.lenientInt()
            case "freezeLevel" where seen.first(8): freezeLevel = try reader.lenientInt()
            case "contractSize" where seen.first(9): contractSize = try reader.lenientDouble()
            case "tickValue" where seen.first(10): tickValue = try reader.lenientDouble()
            case "tickSize" where seen.first(11): tickSize = try reader.lenientDouble()
            case "marginInitial" where seen.first(12): marginInitial = try reader.lenientDouble()
            case "marginMaintenance" where seen.first(13): marginMaintenance = try reader.lenientDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            kind: kind, symbol: symbol, description: description, currency: currency, digits: digits,
            tradeMode: tradeMode, spread: spread, stopsLevel: stopsLevel, freezeLevel: freezeLevel,
            contractSize: contractSize, tickValue: tickValue, tickSize: tickSize, marginInitial: marginInitial,
            marginMaintenance: marginMaintenance)
    }
}
