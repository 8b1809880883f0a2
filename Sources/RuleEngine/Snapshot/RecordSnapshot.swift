import RuleLanguage

/// A saved `Record` (an event or a piece of related state): its number and string slots as the schema laid them out.
public struct RecordSnapshot: Codable, Sendable {
    /// Missing numbers are NaN; `EngineSnapshot.encoded()` writes them as the string "nan".
    public var numbers: [Double]
    public var strings: [String]

    public init(numbers: [Double], strings: [String]) {
        self.numbers = numbers
        self.strings = strings
    }

    init(_ record: Record) {
        self.init(numbers: record.numbers, strings: record.strings)
    }

    var record: Record { Record(numbers: numbers, strings: strings) }

    /// Whether the record fits `layout`; a file from an mtrules with another schema may not.
    func fits(_ layout: FieldLayout) -> Bool {
        numbers.count == layout.numberCount && strings.count == layout.stringCount
    }
}
