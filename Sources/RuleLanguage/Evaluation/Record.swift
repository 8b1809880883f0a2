/// The values of one event or one piece of related state, in slots the schema assigns. Numbers (and booleans as 0/1)
/// and strings live in separate arrays so a comparison reads a `Double` at a fixed index: no lookup, no allocation.
public struct Record: Sendable, Hashable {
    public var numbers: [Double]
    public var strings: [String]

    public init(numbers: [Double], strings: [String]) {
        self.numbers = numbers
        self.strings = strings
    }

    public init(numberCount: Int, stringCount: Int) {
        self.numbers = Array(repeating: .nan, count: numberCount)
        self.strings = Array(repeating: "", count: stringCount)
    }
}
