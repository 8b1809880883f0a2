import CPluginClient
import Hummingbird

/// Writes a `TickPayload` as JSON without `JSONEncoder`. Ticks are nearly all of a hub's traffic and
/// `JSONEncoder` costs about 6 µs a tick, more than everything else on the path together, which matters at the
/// 100,000 events/s the simulator must stream to one client. The bytes are those `JSONEncoder` with sorted keys
/// writes for the same payload (a test compares them), so the wire is the same either way.
enum HubTickJSON {
    static func encode(_ tick: TickPayload) -> ByteBuffer? {
        guard tick.bid.isFinite, tick.ask.isFinite else { return nil }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(96)
        buffer.writeString("{\"ask\":")
        writeNumber(tick.ask, to: &buffer)
        buffer.writeString(",\"bid\":")
        writeNumber(tick.bid, to: &buffer)
        buffer.writeString(",\"lastTime\":")
        if let lastTime = tick.lastTime {
            HubWire.writeJSONString(HubTime.format(lastTime), to: &buffer)
        } else {
            buffer.writeString("null")
        }
        buffer.writeString(",\"symbol\":")
        HubWire.writeJSONString(tick.symbol, to: &buffer)
        buffer.writeString("}")
        return buffer
    }

    /// Foundation's JSON writer prints a Double's shortest round-trip description, dropping a trailing `.0`. The
    /// text's UTF-8 is copied straight into the buffer, with no further String work.
    static func writeNumber(_ value: Double, to buffer: inout ByteBuffer) {
        var text = value.description
        text.withUTF8 { utf8 in
            var count = utf8.count
            if count >= 2, utf8[count - 2] == UInt8(ascii: "."), utf8[count - 1] == UInt8(ascii: "0") { count -= 2 }
            buffer.writeBytes(UnsafeRawBufferPointer(start: utf8.baseAddress, count: count))
        }
    }
}
