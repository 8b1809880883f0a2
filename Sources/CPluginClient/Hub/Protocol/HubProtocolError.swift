/// A hub record that could not be read as a message of the JSON hub protocol. It says what was wrong and shows a
/// short excerpt of the record (never the whole of a huge one), so a log line is enough to see what the server sent.
public struct HubProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not JSON, or not a JSON object.
        case malformedJSON(JSONReaderError)
        /// A property the message type requires is absent (`target` of an invocation, say).
        case missingField(String)
        /// A property holds the wrong type of value (`"type":"1"`, a numeric `target`).
        case invalidField(String, JSONReaderError)
        /// Two properties that exclude each other are both present (a completion's `result` and `error`).
        case conflictingFields(String, String)
        /// A record grew past the splitter's limit before its separator came.
        case recordTooLarge(size: Int, limit: Int)
    }

    public var kind: Kind
    /// Part of the offending record, for people: at most about 80 characters, control characters shown as escapes.
    public var excerpt: String

    public init(_ kind: Kind, excerpt: String) {
        self.kind = kind
        self.excerpt = excerpt
    }

    /// An error about `record`, with an excerpt around `offset` (or from its start).
    init(_ kind: Kind, record: UnsafeRawBufferPointer, offset: Int? = nil, recordSize: Int? = nil) {
        self.kind = kind
        self.excerpt = Self.excerpt(of: record, around: offset, recordSize: recordSize)
    }

    public var description: String {
        let what: String
        switch kind {
        case .malformedJSON(let error): what = "malformed hub message: \(error)"
        case .missingField(let name): what = "hub message lacks required property '\(name)'"
        case .invalidField(let name, let error): what = "hub message property '\(name)' is invalid: \(error)"
        case .conflictingFields(let first, let second):
            what = "hub message has both '\(first)' and '\(second)', which exclude each other"
        case .recordTooLarge(let size, let limit):
            what = "hub record of \(size) bytes or more exceeds the limit of \(limit) bytes"
        }
        return excerpt.isEmpty ? what : "\(what) in \(excerpt)"
    }

    static let excerptLength = 80

    /// Up to `excerptLength` bytes of `record`, starting near `offset` when it lies beyond the first bytes, with `…`
    /// where the record goes on, and the record's size (`recordSize` when `record` is only its start) when it was cut.
    static func excerpt(of record: UnsafeRawBufferPointer, around offset: Int? = nil, recordSize: Int? = nil) -> String
    {
        var start = 0
        if let offset, offset > excerptLength / 2 {
            start = min(offset - excerptLength / 2, max(0, record.count - excerptLength))
        }
        let end = min(record.count, start + excerptLength)
        var text = start > 0 ? "…" : ""
        for scalar in String(decoding: UnsafeRawBufferPointer(rebasing: record[start..<end]), as: UTF8.self)
            .unicodeScalars
        {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        let size = recordSize ?? record.count
        if end < size { text += "…" }
        return start > 0 || end < size ? "`\(text)` (\(size) bytes)" : "`\(text)`"
    }
}
