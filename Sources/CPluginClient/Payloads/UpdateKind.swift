/// What happened to a trade, user or symbol. The server writes it as a number (Newtonsoft's default for enums) and
/// the JS SDK types it as a name; both are read, and numbers are written.
public enum UpdateKind: Int, Sendable, Hashable, Codable, CaseIterable {
    case added = 0
    case updated = 1
    case deleted = 2

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self), let kind = UpdateKind(rawValue: number) {
            self = kind
            return
        }
        let name = (try? container.decode(String.self))?.lowercased()
        switch name {
        case "added", "add": self = .added
        case "updated", "update": self = .updated
        case "deleted", "delete": self = .deleted
        default:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "kind must be Added, Updated, Deleted or 0, 1, 2")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
