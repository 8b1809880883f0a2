/// Reads one record of the JSON hub protocol (`HubProtocol.md`) into a `HubMessage`, as ASP.NET Core's
/// `JsonHubProtocol` reads it: properties in any order, unknown ones (such as `headers`) ignored, a type this client
/// does not implement returned as `.other` so the caller can ignore it as the spec asks. Arguments, items and results
/// are kept as raw JSON for their consumer to decode; their syntax is checked here, so a broken record fails whole.
public enum HubMessageParser {
    /// Parses one record (separator removed; a trailing one is tolerated).
    public static func parse(_ record: UnsafeRawBufferPointer) throws(HubProtocolError) -> HubMessage {
        var record = record
        if record.last == HubRecordSplitter.recordSeparator {
            record = UnsafeRawBufferPointer(rebasing: record.dropLast())
        }
        var fields = Fields()
        var reader = JSONReader(unsafeBytes: record)
        var current: StaticString?
        do {
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "type":
                    current = "type"
                    fields.type = try reader.readInt()
                case "invocationId":
                    current = "invocationId"
                    fields.invocationID = try reader.readStringOrNull()
                case "target":
                    current = "target"
                    fields.target = try reader.readString()
                case "arguments":
                    current = "arguments"
                    fields.arguments = try readArguments(&reader)
                case "streamIds":
                    current = "streamIds"
                    fields.streamIDs = try reader.readNullIfPresent() ? nil : [String](hubJSON: &reader)
                case "item":
                    fields.item = try reader.readRawJSON()
                case "result":
                    fields.result = try reader.readRawJSON()
                case "error":
                    current = "error"
                    fields.error = try reader.readStringOrNull()
                case "allowReconnect":
                    current = "allowReconnect"
                    fields.allowReconnect = try reader.readBool()
                default:
                    try reader.skipValue()
                }
                current = nil
            }
            try reader.expectEnd()
        } catch {
            switch error.kind {
            case .typeMismatch, .numberNotRepresentable, .invalidUnicode:
                if let current {
                    throw HubProtocolError(
                        .invalidField(current.description, error), record: record, offset: error.offset)
                }
            default:
                break
            }
            throw HubProtocolError(.malformedJSON(error), record: record, offset: error.offset)
        }
        return try fields.message(record: record)
    }

    /// Parses one record (separator removed; a trailing one is tolerated).
    public static func parse(_ record: ArraySlice<UInt8>) throws(HubProtocolError) -> HubMessage {
        let outcome: Result<HubMessage, HubProtocolError> = record.withUnsafeBytes { raw in
            do throws(HubProtocolError) {
                return .success(try parse(raw))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Parses one record (separator removed; a trailing one is tolerated).
    public static func parse(_ record: [UInt8]) throws(HubProtocolError) -> HubMessage {
        try parse(record[...])
    }

    private static func readArguments(_ reader: inout JSONReader) throws(JSONReaderError) -> [RawJSON] {
        var arguments: [RawJSON] = []
        try reader.beginArray()
        while try reader.nextElement() {
            arguments.append(try reader.readRawJSON())
        }
        return arguments
    }

    /// The properties of one message as read, before its type says which are required.
    private struct Fields {
        var type: Int?
        var invocationID: String?
        var target: String?
        var arguments: [RawJSON]?
        var streamIDs: [String]?
        var item: RawJSON?
        var result: RawJSON?
        var error: String?
        var allowReconnect: Bool?

        func message(record: UnsafeRawBufferPointer) throws(HubProtocolError) -> HubMessage {
            func required<T>(_ value: T?, _ name: String) throws(HubProtocolError) -> T {
                guard let value else { throw HubProtocolError(.missingField(name), record: record) }
                return value
            }
            guard let type else { throw HubProtocolError(.missingField("type"), record: record) }
            switch type {
            case 1:
                // ASP.NET treats an empty invocation id like none: no answer is expected.
                let id = invocationID.flatMap { $0.isEmpty ? nil : $0 }
                return .invocation(
                    invocationID: id, target: try required(target, "target"),
                    arguments: try required(arguments, "arguments"), streamIDs: streamIDs ?? [])
            case 2:
                return .streamItem(
                    invocationID: try required(invocationID, "invocationId"), item: try required(item, "item"))
            case 3:
                let id = try required(invocationID, "invocationId")
                if result != nil, error != nil {
                    throw HubProtocolError(.conflictingFields("result", "error"), record: record)
                }
                return .completion(invocationID: id, result: result, error: error)
            case 4:
                return .streamInvocation(
                    invocationID: try required(invocationID, "invocationId"), target: try required(target, "target"),
                    arguments: try required(arguments, "arguments"), streamIDs: streamIDs ?? [])
            case 5:
                return .cancelInvocation(invocationID: try required(invocationID, "invocationId"))
            case 6:
                return .ping
            case 7:
                return .close(error: error, allowReconnect: allowReconnect ?? false)
            default:
                return .other(type: type)
            }
        }
    }
}
