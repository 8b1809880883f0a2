/// The six kinds of JSON value, as seen from the first byte of one. Readers peek at it to decide how to read a value
/// whose type the wire leaves open (a `kind` that is a name or a number, say).
public enum JSONValueKind: Sendable, Hashable, CustomStringConvertible {
    case object
    case array
    case string
    case number
    case bool
    case null

    public var description: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
