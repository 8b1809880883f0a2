/// One `by` value of a saved alert key: a number, a string, or neither (a missing number).
public struct KeyPartSnapshot: Codable, Sendable, Hashable {
    public var number: Double?
    public var string: String?

    init(_ part: EntityKey.Part) {
        switch part {
        case .none: break
        case .number(let value): number = value
        case .string(let text): string = text
        }
    }

    var part: EntityKey.Part {
        if let number { return .number(number) }
        if let string { return .string(string) }
        return .none
    }
}
