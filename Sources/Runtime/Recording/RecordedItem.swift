import AlertModel
import CPluginClient

/// One payload as the live service received it: when, from which platform and feed, and the JSON itself, kept as
/// bytes so recording costs no re-encoding and replay decodes exactly what the live service decoded.
public struct RecordedItem: Sendable, Hashable {
    /// When the live service received it (the event time the engine saw).
    public var time: Timestamp
    public var platform: String
    public var stream: RecordedStream
    public var source: RecordedSource
    public var payload: RawJSON

    public init(
        time: Timestamp, platform: String, stream: RecordedStream, source: RecordedSource = .hub, payload: RawJSON
    ) {
        self.time = time
        self.platform = platform
        self.stream = stream
        self.source = source
        self.payload = payload
    }

    /// Symbol settings read through REST at a resync only seed the engine's related state (`RuleEngine.seed`): they
    /// are state, not a change, so no `on symbol` rule evaluates them. Live and replay treat them alike.
    public var isSeed: Bool { source == .resync && stream == .symbol }
}
