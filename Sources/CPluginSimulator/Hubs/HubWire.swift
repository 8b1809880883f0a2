import Hummingbird

/// Writes the JSON hub protocol's server messages straight into bytes, shaped as ASP.NET Core's `JsonHubProtocol`
/// writes them (same property order, `result` present for void methods, `error`/`allowReconnect` only when set).
/// Payloads arrive already encoded, so an event's JSON is produced once however many messages carry it.
enum HubWire {
    /// Every JSON hub message ends with the ASCII record separator.
    static let recordSeparator: UInt8 = 0x1E

    /// `{}` or `{"error":"…"}`, the answer to the handshake.
    static func handshakeResponse(error: String?) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let error {
            buffer.writeString("{\"error\":")
            writeJSONString(error, to: &buffer)
            buffer.writeString("}")
        } else {
            buffer.writeString("{}")
        }
        buffer.writeInteger(recordSeparator)
        return buffer
    }

    /// Type 1 without an invocation id: a client method call such as `OnTick`.
    static func writeInvocation(target: String, arguments: [ByteBuffer], to buffer: inout ByteBuffer) {
        buffer.writeString("{\"type\":1,\"target\":")
        writeJSONString(target, to: &buffer)
        buffer.writeString(",\"arguments\":[")
        for (index, argument) in arguments.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeImmutableBuffer(argument)
        }
        buffer.writeString("]}")
        buffer.writeInteger(recordSeparator)
    }

    /// Type 2. `invocationID` is the already-quoted JSON string, computed once per stream.
    static func writeStreamItem(invocationID: ByteBuffer, item: ByteBuffer, to buffer: inout ByteBuffer) {
        buffer.writeString("{\"type\":2,\"invocationId\":")
        buffer.writeImmutableBuffer(invocationID)
        buffer.writeString(",\"item\":")
        buffer.writeImmutableBuffer(item)
        buffer.writeString("}")
        buffer.writeInteger(recordSeparator)
    }

    /// Type 2 with the item written in place by `writeItem`, saving the copy of a separately encoded payload.
    static func writeStreamItem(
        invocationID: ByteBuffer, to buffer: inout ByteBuffer, writeItem: (inout ByteBuffer) -> Void
    ) {
        buffer.writeString("{\"type\":2,\"invocationId\":")
        buffer.writeImmutableBuffer(invocationID)
        buffer.writeString(",\"item\":")
        writeItem(&buffer)
        buffer.writeString("}")
        buffer.writeInteger(recordSeparator)
    }

    /// Type 3. A method's return value is passed as JSON (`null` for void methods, as ASP.NET writes them); a
    /// finished stream has neither result nor error.
    enum Outcome {
        case result(String)
        case error(String)
        case streamEnd
    }

    static func completion(invocationID: String, _ outcome: Outcome) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("{\"type\":3,\"invocationId\":")
        writeJSONString(invocationID, to: &buffer)
        switch outcome {
        case .result(let json):
            buffer.writeString(",\"result\":")
            buffer.writeString(json)
        case .error(let message):
            buffer.writeString(",\"error\":")
            writeJSONString(message, to: &buffer)
        case .streamEnd:
            break
        }
        buffer.writeString("}")
        buffer.writeInteger(recordSeparator)
        return buffer
    }

    /// Type 6.
    static let ping: ByteBuffer = {
        var buffer = ByteBuffer(string: "{\"type\":6}")
        buffer.writeInteger(recordSeparator)
        return buffer
    }()

    /// Type 7, sent before the server ends a connection.
    static func close(error: String?, allowReconnect: Bool) -> ByteBuffer {
        var buffer = ByteBuffer(string: "{\"type\":7")
        if let error {
            buffer.writeString(",\"error\":")
            writeJSONString(error, to: &buffer)
        }
        if allowReconnect { buffer.writeString(",\"allowReconnect\":true") }
        buffer.writeString("}")
        buffer.writeInteger(recordSeparator)
        return buffer
    }

    /// A JSON string literal, quotes included.
    static func jsonString(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        writeJSONString(text, to: &buffer)
        return buffer
    }

    /// Escapes as JSON requires: quote, backslash and control characters; everything else is copied as UTF-8.
    static func writeJSONString(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        // Most strings (symbols, ids, times) need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(text)
            buffer.writeInteger(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeString("\\\\")
            case 0x0A: buffer.writeString("\\n")
            case 0x0D: buffer.writeString("\\r")
            case 0x09: buffer.writeString("\\t")
            case 0..<0x20:
                buffer.writeString("\\u00")
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0x0F)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
