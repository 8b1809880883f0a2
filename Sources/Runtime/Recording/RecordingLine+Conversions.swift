import AlertModel
import CPluginClient
import Foundation

extension RecordingLine {
    /// A margin resync's account, in the hub's shape: exactly the `MarginCallPayload` that `MarginResync` feeds the
    /// engine, so replaying the line gives the event the live service processed.
    public static func resync(margin level: MT4MarginLevel, platform: String, at time: Timestamp) -> RecordingLine {
        .item(
            RecordedItem(
                time: time, platform: platform, stream: .margin, source: .resync,
                payload: hubJSON(MarginResync.payload(level))))
    }

    /// A tick of the v1 hub (`onTick`'s second argument, `{"Symbol":…,"Bid":…,"Ask":…}`), verbatim.
    public static func legacyTick(payload: RawJSON, platform: String, at time: Timestamp) -> RecordingLine {
        .item(RecordedItem(time: time, platform: platform, stream: .tick, source: .legacy, payload: payload))
    }

    /// A payload encoded as the hub writes it. Non-finite numbers, which JSON cannot hold, are written as the
    /// strings the payloads' lenient decoders read back (`"inf"`, `"nan"`).
    static func hubJSON(_ payload: some Encodable) -> RawJSON {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The hub decoders read a number as Unix seconds; Foundation's default counts from 2001.
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain structs of numbers and strings cannot fail; `null` keeps the line well-formed regardless.
        guard let data = try? encoder.encode(payload) else { return .null }
        return RawJSON(bytes: Array(data))
    }
}
