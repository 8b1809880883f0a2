/// Writes `HubMessage`s in the JSON hub protocol as ASP.NET Core's `JsonHubProtocol` writes them: `type` first, then
/// the message's properties in ASP.NET's order, optional ones only when set, and the record separator after each.
/// Arguments and results are raw JSON and are copied as they are.
public enum HubMessageEncoder {
    /// One message as a record, `0x1E` included.
    public static func encode(_ message: HubMessage) -> [UInt8] {
        var output: [UInt8] = []
        encode(message, into: &output)
        return output
    }

    /// Appends one message as a record, `0x1E` included; several can be batched into one transport frame.
    public static func encode(_ message: HubMessage, into output: inout [UInt8]) {
        switch message {
        case .invocation(let invocationID, let target, let arguments, let streamIDs):
            writeType(1, &output)
            if let invocationID, !invocationID.isEmpty { writeString("invocationId", invocationID, &output) }
            writeString("target", target, &output)
            writeArguments(arguments, &output)
            writeStreamIDs(streamIDs, &output)
        case .streamItem(let invocationID, let item):
            writeType(2, &output)
            writeString("invocationId", invocationID, &output)
            writeKey("item", &output)
            writeRaw(item, &output)
        case .completion(let invocationID, let result, let error):
            writeType(3, &output)
            writeString("invocationId", invocationID, &output)
            if let error {
                writeString("error", error, &output)
            } else if let result {
                writeKey("result", &output)
                writeRaw(result, &output)
            }
        case .streamInvocation(let invocationID, let target, let arguments, let streamIDs):
            writeType(4, &output)
            writeString("invocationId", invocationID, &output)
            writeString("target", target, &output)
            writeArguments(arguments, &output)
            writeStreamIDs(streamIDs, &output)
        case .cancelInvocation(let invocationID):
            writeType(5, &output)
            writeString("invocationId", invocationID, &output)
        case .ping:
            writeType(6, &output)
        case .close(let error, let allowReconnect):
            writeType(7, &output)
            if let error { writeString("error", error, &output) }
            if allowReconnect {
                writeKey("allowReconnect", &output)
                output.append(contentsOf: "true".utf8)
            }
        case .other(let type):
            writeType(type, &output)
        }
        output.append(UInt8(ascii: "}"))
        output.append(HubRecordSplitter.recordSeparator)
    }

    private static func writeType(_ type: Int, _ output: inout [UInt8]) {
        output.append(contentsOf: #"{"type":"#.utf8)
        JSONWriter.appendInt(type, to: &output)
    }

    private static func writeKey(_ key: StaticString, _ output: inout [UInt8]) {
        output.append(UInt8(ascii: ","))
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        output.append(UInt8(ascii: "\""))
        output.append(UInt8(ascii: ":"))
    }

    private static func writeString(_ key: StaticString, _ value: String, _ output: inout [UInt8]) {
        writeKey(key, &output)
        JSONWriter.appendString(value, to: &output)
    }

    /// Raw JSON is trusted to be one value; empty bytes, which would break the record, are written as `null`.
    private static func writeRaw(_ value: RawJSON, _ output: inout [UInt8]) {
        if value.bytes.isEmpty {
            output.append(contentsOf: "null".utf8)
        } else {
            output.append(contentsOf: value.bytes)
        }
    }

    private static func writeArguments(_ arguments: [RawJSON], _ output: inout [UInt8]) {
        writeKey("arguments", &output)
        output.append(UInt8(ascii: "["))
        for (index, argument) in arguments.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeRaw(argument, &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    private static func writeStreamIDs(_ streamIDs: [String], _ output: inout [UInt8]) {
        guard !streamIDs.isEmpty else { return }
        writeKey("streamIds", &output)
        output.append(UInt8(ascii: "["))
        for (index, id) in streamIDs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(id, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
