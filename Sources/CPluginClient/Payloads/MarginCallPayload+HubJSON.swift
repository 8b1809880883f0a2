extension MarginCallPayload: HubDecodable {
    /// As the `Decodable` init: every field lenient, the two enums by name or number, unknown fields ignored.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var login = 0
        var group = ""
        var leverage = 0
        var updated = 0
        var balance = 0.0
        var equity = 0.0
        var volumeLots = 0.0
        var margin = 0.0
        var free = 0.0
        var level = 0.0
        var controllingType = 0
        var levelType = 0
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "login" where seen.first(0): login = try reader.lenientInt()
            case "group" where seen.first(1): group = try reader.lenientString()
            case "leverage" where seen.first(2): leverage = try reader.lenientInt()
            case "updated" where seen.first(3): updated = try reader.lenientInt()
            case "balance" where seen.first(4): balance = try reader.lenientDouble()
            case "equity" where seen.first(5): equity = try reader.lenientDouble()
            case "volumeLots" where seen.first(6): volumeLots = try reader.lenientDouble()
            case "margin" where seen.first(7): margin = try reader.lenientDouble()
            case "free" where seen.first(8): free = try reader.lenientDouble()
            case "level" where seen.first(9): level = try reader.lenientDouble()
            case "controllingType" where seen.first(10):
                controllingType = try reader.lenientEnum(names: ["percent", "currency"])
            case "levelType" where seen.first(11):
                levelType = try reader.lenientEnum(names: ["ok", "margincall", "stopout"])
            default: try reader.skipValue()
            }
        }
        self.init(
            login: login, group: group, leverage: leverage, updated: updated, balance: balance, equity: equity,
            volumeLots: volumeLots, margin: margin, free: free, level: level, controllingType: controllingType,
            levelType: levelType)
    }
}
