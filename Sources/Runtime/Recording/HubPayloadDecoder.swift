import AlertModel
import CPluginClient
import RuleEngine

/// Turns one raw hub payload into the engine's event: the payload's type follows from its stream, the event from
/// `HubEventMapper`. The live service and replay both call this, so a recording replays into exactly the events the
/// live engine saw.
public struct HubPayloadDecoder: Sendable {
    public let mapper: HubEventMapper

    public init(mapper: HubEventMapper = HubEventMapper()) {
        self.mapper = mapper
    }

    /// Decodes `payload` as `stream`'s type with the same `HubDecodable` decoders the typed hub streams use.
    /// - Throws: `JSONReaderError` when the payload is not JSON or not that stream's shape.
    public func event(
        stream: RecordedStream, payload: RawJSON, platform: String, at time: Timestamp, source: RecordedSource = .hub
    ) throws(JSONReaderError) -> TradingEvent {
        switch stream {
        case .margin:
            return mapper.event(try payload.decode(MarginCallPayload.self), platform: platform, at: time)
        case .trade:
            return mapper.event(try payload.decode(TradeUpdatePayload.self), platform: platform, at: time)
        case .tick where source == .legacy:
            // As `PlatformHub` turns a v1 `onTick` into a tick: the legacy payload has no quote time.
            let legacy = try payload.decode(LegacyTickPayload.self)
            let tick = TickPayload(symbol: legacy.symbol, bid: legacy.bid, ask: legacy.ask, lastTime: nil)
            return mapper.event(tick, platform: platform, at: time)
        case .tick:
            return mapper.event(try payload.decode(TickPayload.self), platform: platform, at: time)
        case .user:
            return mapper.event(try payload.decode(UserUpdatePayload.self), platform: platform, at: time)
        case .symbol:
            return mapper.event(try payload.decode(SymbolUpdatePayload.self), platform: platform, at: time)
        case .pump:
            let status = try payload.decode(ConnectionStatusPayload.self)
            return mapper.event(pumpConnected: status.connected, platform: platform, at: time)
        }
    }

    /// The event of a recorded item.
    public func event(_ item: RecordedItem) throws(JSONReaderError) -> TradingEvent {
        try event(
            stream: item.stream, payload: item.payload, platform: item.platform, at: item.time, source: item.source)
    }
}
