import Foundation

extension TradeUpdatePayload: HubDecodable {
    /// As the `Decodable` init: `kind` by name or number (`updated` when unreadable), every field lenient.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var kind = UpdateKind.updated
        var order = 0
        var login = 0
        var symbol = ""
        var cmd = 0
        var volumeLots = 0.0
        var openPrice = 0.0
        var openTime: Date?
        var sl = 0.0
        var tp = 0.0
        var closePrice = 0.0
        var closeTime: Date?
        var commission = 0.0
        var storage = 0.0
        var profit = 0.0
        var taxes = 0.0
        var comment = ""
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "kind" where seen.first(0): kind = try UpdateKind.lenient(&reader)
            case "order" where seen.first(1): order = try reader.lenientInt()
            case "login" where seen.first(2): login = try reader.lenientInt()
            case "symbol" where seen.first(3): symbol = try reader.lenientString()
            case "cmd" where seen.first(4): cmd = try reader.lenientInt()
            case "volumeLots" where seen.first(5): volumeLots = try reader.lenientDouble()
            case "openPrice" where seen.first(6): openPrice = try reader.lenientDouble()
            case "openTime" where seen.first(7): openTime = try reader.lenientDate()
            case "sl" where seen.first(8): sl = try reader.lenientDouble()
            case "tp" where seen.first(9): tp = try reader.lenientDouble()
            case "closePrice" where seen.first(10): closePrice = try reader.lenientDouble()
            case "closeTime" where seen.first(11): closeTime = try reader.lenientDate()
            case "commission" where seen.first(12): commission = try reader.lenientDouble()
            case "storage" where seen.first(13): storage = try reader.lenientDouble()
            case "profit" where seen.first(14): profit = try reader.lenientDouble()
            case "taxes" where seen.first(15): taxes = try reader.lenientDouble()
            case "comment" where seen.first(16): comment = try reader.lenientString()
            default: try reader.skipValue()
            }
        }
        self.init(
            kind: kind, order: order, login: login, symbol: symbol, cmd: cmd, volumeLots: volumeLots,
            openPrice: openPrice, openTime: openTime, sl: sl, tp: tp, closePrice: closePrice, closeTime: closeTime,
            commission: commission, storage: storage, profit: profit, taxes: taxes, comment: comment)
    }
}
