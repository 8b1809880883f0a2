import AlertModel
import RuleLanguage

/// One event from a trade platform, its fields in the slots of its stream's `FieldLayout`.
public struct TradingEvent: Sendable {
    public let stream: TradingStream
    public var time: Timestamp
    public var record: Record

    public init(stream: TradingStream, kind: String = "", platform: String, time: Timestamp, record: Record) {
        self.stream = stream
        self.time = time
        self.record = record
        self.record.numbers[FieldLayout.timeSlot] = time.seconds
        self.record.strings[FieldLayout.platformSlot] = platform
        self.record.strings[FieldLayout.kindSlot] = kind
    }

    public var platform: String { record.strings[FieldLayout.platformSlot] }
    public var kind: String { record.strings[FieldLayout.kindSlot] }

    /// A field value given by name, as tests, scenarios and tools do.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case string(String)
        case bool(Bool)

        public var description: String {
            switch self {
            case .number(let value): return ValueFormatter.format(value, unit: .number, style: nil)
            case .string(let value): return "\"\(value)\""
            case .bool(let value): return String(value)
            }
        }
    }

    /// Why a named field value does not fit the stream.
    public struct FieldError: Error, Sendable, CustomStringConvertible {
        public let field: String
        public let message: String
        public let hint: String?
        public var description: String { message }
    }

    /// Sets a raw field by name. Derived fields (spread, side, …) cannot be set: they follow from raw ones.
    public mutating func set(_ name: String, _ value: Value, schema: TradingSchema = .shared) throws(FieldError) {
        let layout = schema.layout(stream)
        guard let field = layout.field(named: name), name != "time", name != "platform", name != "kind" else {
            let derived = schema.language.stream(named: stream.rawValue)?.field(named: name) != nil
            throw FieldError(
                field: name,
                message: derived
                    ? "'\(name)' is derived; set the fields it comes from"
                    : "unknown field '\(name)' for a \(stream.rawValue) event",
                hint: Suggestion.hint(
                    for: name, among: layout.fields.map(\.name).filter { !["time", "platform", "kind"].contains($0) }))
        }
        switch (field.storage, value) {
        case (.number(let slot), .number(let number)):
            record.numbers[slot] = number
        case (.bool(let slot), .bool(let flag)):
            record.numbers[slot] = flag ? 1 : 0
        case (.string(let slot), .string(let text)):
            record.strings[slot] = text
        default:
            throw FieldError(
                field: name, message: "'\(name)' is \(field.type.noun), not \(value)",
                hint: field.type == .string ? "put text in quotes" : nil)
        }
    }

    /// A new event with every field unset (NaN or empty).
    public static func empty(
        _ stream: TradingStream, kind: String = "", platform: String, time: Timestamp, schema: TradingSchema = .shared
    ) -> TradingEvent {
        TradingEvent(
            stream: stream, kind: kind, platform: platform, time: time, record: schema.layout(stream).emptyRecord())
    }
}
