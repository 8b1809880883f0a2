import Foundation

extension UserUpdatePayload: HubDecodable {
    /// As the `Decodable` init: `kind` by name or number (`updated` when unreadable), every field lenient, `enabled`
    /// true unless given.
    public init(hubJSON reader: inout JSONReader) throws(JSONReaderError) {
        var kind = UpdateKind.updated
        var login = 0
        var group = ""
        var name = ""
        var country = ""
        var leverage = 0
        var balance = 0.0
        var credit = 0.0
        var enabled = true
        var readOnly = false
        var regDate: Date?
        var lastDate: Date?
        var email = ""
        var phone = ""
        var comment = ""
        var seen = JSONFieldSet()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "kind" where seen.first(0): kind = try UpdateKind.lenient(&reader)
            case "login" where seen.first(1): login = try reader.lenientInt()
            case "group" where seen.first(2): group = try reader.lenientString()
            case "name" where seen.first(3): name = try reader.lenientString()
            case "country" where seen.first(4): country = try reader.lenientString()
            case "leverage" where seen.first(5): leverage = try reader.lenientInt()
            case "balance" where seen.first(6): balance = try reader.lenientDouble()
            case "credit" where seen.first(7): credit = try reader.lenientDouble()
            case "enabled" where seen.first(8): enabled = try reader.lenientBool(default: true)
            case "readOnly" where seen.first(9): readOnly = try reader.lenientBool()
            case "regDate" where seen.first(10): regDate = try reader.lenientDate()
            case "lastDate" where seen.first(11): lastDate = try reader.lenientDate()
            case "email" where seen.first(12): email = try reader.lenientString()
            case "phone" where seen.first(13): phone = try reader.lenientString()
            case "comment" where seen.first(14): comment = try reader.lenientString()
            default: try reader.skipValue()
            }
        }
        self.init(
            kind: kind, login: login, group: group, name: name, country: country, leverage: leverage,
            balance: balance, credit: credit, enabled: enabled, readOnly: readOnly, regDate: regDate,
            lastDate: lastDate, email: email, phone: phone, comment: comment)
    }
}
