import AlertModel
import CPluginClient

/// One line of a recording (JSON lines, format version 1; see docs/replay.md):
///
///     {"mtrules_recording":1,"started":1767571200000,"host":"risk-1"}
///     {"t":1767571200123,"platform":"MT4-Live","stream":"margin","source":"hub","payload":{…}}
///     {"t":1767571200250,"clock":true}
///     {"t":1767571260000,"end":true}
///
/// `clock` says the live engine's clock advanced to `t` (timers due by then fired); `end` is the last advance, at
/// shutdown. Unknown members are ignored, so later versions can add some without breaking older readers.
public enum RecordingLine: Sendable, Hashable {
    case header(RecordingHeader)
    case item(RecordedItem)
    case clock(Timestamp)
    case end(Timestamp)

    /// A payload as the hub sent it.
    public static func hub(
        _ stream: RecordedStream, payload: RawJSON, platform: String, at time: Timestamp
    ) -> RecordingLine {
        .item(RecordedItem(time: time, platform: platform, stream: stream, source: .hub, payload: payload))
    }

    /// The platform's pump went up or down; the payload is `OnConnectionStatus`'s shape.
    public static func pump(connected: Bool, platform: String, at time: Timestamp) -> RecordingLine {
        .item(
            RecordedItem(
                time: time, platform: platform, stream: .pump, source: .hub,
                payload: RawJSON(bytes: Array((connected ? #"{"connected":true}"# : #"{"connected":false}"#).utf8))))
    }

    /// The time of a data, clock or end line; the header's start for the header.
    public var time: Timestamp {
        switch self {
        case .header(let header): header.started
        case .item(let item): item.time
        case .clock(let time), .end(let time): time
        }
    }

    /// The line's bytes, ending in `\n`. Payload bytes are copied as they are.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        switch self {
        case .header(let header):
            bytes.append(contentsOf: #"{"mtrules_recording":"#.utf8)
            bytes.append(contentsOf: String(header.version).utf8)
            bytes.append(contentsOf: #","started":"#.utf8)
            bytes.append(contentsOf: String(header.started.milliseconds).utf8)
            bytes.append(contentsOf: #","host":"#.utf8)
            bytes.append(contentsOf: RawJSON.string(header.host).bytes)
            bytes.append(UInt8(ascii: "}"))
        case .item(let item):
            bytes.reserveCapacity(item.payload.bytes.count + item.platform.utf8.count + 80)
            bytes.append(contentsOf: #"{"t":"#.utf8)
            bytes.append(contentsOf: String(item.time.milliseconds).utf8)
            bytes.append(contentsOf: #","platform":"#.utf8)
            bytes.append(contentsOf: RawJSON.string(item.platform).bytes)
            bytes.append(contentsOf: #","stream":""#.utf8)
            bytes.append(contentsOf: item.stream.rawValue.utf8)
            bytes.append(contentsOf: #"","source":""#.utf8)
            bytes.append(contentsOf: item.source.rawValue.utf8)
            bytes.append(contentsOf: #"","payload":"#.utf8)
            // Newlines can only be whitespace between tokens (JSON escapes them in strings): make them spaces so
            // the line stays one line.
            if item.payload.bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                bytes.append(contentsOf: item.payload.bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
            } else {
                bytes.append(contentsOf: item.payload.bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .clock(let time):
            bytes.append(contentsOf: #"{"t":"#.utf8)
            bytes.append(contentsOf: String(time.milliseconds).utf8)
            bytes.append(contentsOf: #","clock":true}"#.utf8)
        case .end(let time):
            bytes.append(contentsOf: #"{"t":"#.utf8)
            bytes.append(contentsOf: String(time.milliseconds).utf8)
            bytes.append(contentsOf: #","end":true}"#.utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
