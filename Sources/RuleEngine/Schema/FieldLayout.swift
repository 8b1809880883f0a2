import RuleLanguage

/// Where a stream's raw fields live in a `Record`. Every stream's record starts with the same three slots: the event
/// time (numbers[0]), the platform name (strings[0]) and the event kind (strings[1]).
public struct FieldLayout: Sendable {
    public enum Storage: Sendable, Hashable {
        case number(Int)
        case string(Int)
        case bool(Int)
    }

    public struct Field: Sendable {
        public let name: String
        public let type: ValueType
        public let storage: Storage
        public let summary: String
        public let isPartition: Bool
    }

    public let fields: [Field]
    public let numberCount: Int
    public let stringCount: Int
    private let index: [String: Int]

    static let timeSlot = 0
    static let platformSlot = 0
    static let kindSlot = 1

    /// Builds a layout from (name, type, summary) triples; slots are assigned in order.
    init(_ declarations: [(String, ValueType, String)], partitions: Set<String> = []) {
        var fields: [Field] = [
            Field(
                name: "time", type: .numeric(.timestamp), storage: .number(0), summary: "when the event happened",
                isPartition: false),
            Field(
                name: "platform", type: .string, storage: .string(0), summary: "the trade platform's name",
                isPartition: false),
            Field(
                name: "kind", type: .string, storage: .string(1), summary: "the event kind (opened, updated, …)",
                isPartition: false),
        ]
        var numbers = 1
        var strings = 2
        for (name, type, summary) in declarations {
            let storage: Storage
            switch type {
            case .string:
                storage = .string(strings)
                strings += 1
            case .bool:
                storage = .bool(numbers)
                numbers += 1
            default:
                storage = .number(numbers)
                numbers += 1
            }
            fields.append(
                Field(
                    name: name, type: type, storage: storage, summary: summary, isPartition: partitions.contains(name)))
        }
        self.fields = fields
        self.numberCount = numbers
        self.stringCount = strings
        self.index = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
    }

    public func field(named name: String) -> Field? {
        index[name].map { fields[$0] }
    }

    public func numberSlot(_ name: String) -> Int {
        guard let field = field(named: name) else { preconditionFailure("no field \(name) in layout") }
        switch field.storage {
        case .number(let slot), .bool(let slot): return slot
        case .string: preconditionFailure("\(name) is a string")
        }
    }

    public func stringSlot(_ name: String) -> Int {
        guard case .string(let slot)? = field(named: name)?.storage else {
            preconditionFailure("\(name) is not a string")
        }
        return slot
    }

    public func emptyRecord() -> Record {
        Record(numberCount: numberCount, stringCount: stringCount)
    }
}
