import CPluginClient
import Hummingbird

/// Writes a `MarginCallPayload` as JSON without `JSONEncoder`. Margin updates are the engine's heaviest stream, and
/// `JSONEncoder` spent about 30 % of all CPU of `mtrules bench e2e` on them (the simulator shares the cores with the
/// client and the service). The bytes are those `JSONEncoder` with sorted keys writes (a test compares them), so the
/// wire is the same either way.
enum HubMarginJSON {
    static func encode(_ margin: MarginCallPayload) -> ByteBuffer? {
        guard canEncode(margin) else { return nil }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        write(margin, to: &buffer)
        return buffer
    }

    /// JSON has no NaN or infinity: such an update is skipped rather than sent malformed (as `JSONEncoder` throws).
    static func canEncode(_ margin: MarginCallPayload) -> Bool {
        margin.balance.isFinite && margin.equity.isFinite && margin.free.isFinite && margin.level.isFinite
            && margin.margin.isFinite && margin.volumeLots.isFinite
    }

    /// Appends the JSON to `buffer`, so a stream item can be written in place; check `canEncode` first.
    static func write(_ margin: MarginCallPayload, to buffer: inout ByteBuffer) {
        buffer.writeString("{\"balance\":")
        HubTickJSON.writeNumber(margin.balance, to: &buffer)
        buffer.writeString(",\"controllingType\":")
        buffer.writeString(String(margin.controllingType))
        buffer.writeString(",\"equity\":")
        HubTickJSON.writeNumber(margin.equity, to: &buffer)
        buffer.writeString(",\"free\":")
        HubTickJSON.writeNumber(margin.free, to: &buffer)
        buffer.writeString(",\"group\":")
        HubWire.writeJSONString(margin.group, to: &buffer)
        buffer.writeString(",\"level\":")
        HubTickJSON.writeNumber(margin.level, to: &buffer)
        buffer.writeString(",\"levelType\":")
        buffer.writeString(String(margin.levelType))
        buffer.writeString(",\"leverage\":")
        buffer.writeString(String(margin.leverage))
        buffer.writeString(",\"login\":")
        buffer.writeString(String(margin.login))
        buffer.writeString(",\"margin\":")
        HubTickJSON.writeNumber(margin.margin, to: &buffer)
        buffer.writeString(",\"updated\":")
        buffer.writeString(String(margin.updated))
        buffer.writeString(",\"volumeLots\":")
        HubTickJSON.writeNumber(margin.volumeLots, to: &buffer)
        buffer.writeString("}")
    }
}
