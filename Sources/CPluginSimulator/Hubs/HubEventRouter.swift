import CPluginClient
import Foundation
import Hummingbird
import Synchronization

/// One connection's subscriptions, and the translation of the platform's events into the messages they are owed.
/// A connection subscribes to its platform's broadcaster once and this filters per subscription, so an event is
/// encoded once however many subscriptions (an `OnTick` and two tick streams, say) carry it.
///
/// Messages are handed to `send` while the lock is held: a stream cancelled concurrently therefore gets its
/// Completion strictly after its last item, never before one.
final class HubEventRouter: Sendable {
    private struct Stream {
        var kind: HubStreamKind
        /// `StreamTicks` for one symbol (upper-cased) or, when nil, all.
        var symbol: String?
        /// The invocation id as a JSON string, encoded once.
        var invocationID: ByteBuffer
    }

    private struct State {
        var tickSymbols: Set<String> = []
        var streams: [String: Stream] = [:]
        var legacyTicks: [UUID: Set<String>] = [:]
        /// MT5 hub: the level type last reported per login, to tell a margin call's direction.
        var mt5LevelTypes: [Int: Int] = [:]
        /// Sorted keys: the same events give the same bytes (same seed, same stream), which the unordered
        /// containers of Foundation's encoder on Linux would not.
        let encoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return encoder
        }()
    }

    let hub: HubKind
    private let state = Mutex(State())

    init(hub: HubKind) {
        self.hub = hub
    }

    /// Symbols compare without case: MT4 treats `eurusd` and `EURUSD` as one symbol.
    static func symbolKey(_ symbol: String) -> String { symbol.uppercased() }

    // MARK: Subscriptions

    func subscribeTicks(_ symbols: [String]) {
        state.withLock { $0.tickSymbols.formUnion(symbols.map(Self.symbolKey)) }
    }

    func unsubscribeTicks(_ symbols: [String]) {
        state.withLock { $0.tickSymbols.subtract(symbols.map(Self.symbolKey)) }
    }

    func subscribeLegacyTicks(platform: UUID, symbol: String) {
        state.withLock { state in
            state.legacyTicks[platform, default: []].insert(Self.symbolKey(symbol))
            return
        }
    }

    func unsubscribeLegacyTicks(platform: UUID, symbol: String) {
        state.withLock { state in
            state.legacyTicks[platform]?.remove(Self.symbolKey(symbol))
            return
        }
    }

    /// Starts a stream; false when the invocation id is already in use.
    func startStream(id: String, kind: HubStreamKind, symbol: String?) -> Bool {
        state.withLock { state in
            guard state.streams[id] == nil else { return false }
            state.streams[id] = Stream(
                kind: kind, symbol: symbol.map(Self.symbolKey), invocationID: HubWire.jsonString(id))
            return true
        }
    }

    /// Ends a stream and, under the same lock, sends its Completion; false when no such stream runs.
    @discardableResult
    func endStream(id: String, send: (ByteBuffer, Int) -> Void) -> Bool {
        state.withLock { state in
            guard state.streams.removeValue(forKey: id) != nil else { return false }
            send(HubWire.completion(invocationID: id, .streamEnd), 1)
            return true
        }
    }

    /// Runs `body` while no event can be routed: the handshake subscribes and sends the first
    /// `OnConnectionStatus` in it, so no event-driven status can overtake that first one.
    func exclusively<T>(_ body: () -> T) -> T {
        state.withLock { _ in body() }
    }

    /// `OnConnectionStatus` with `[{connected}]`.
    static func connectionStatus(_ connected: Bool) -> ByteBuffer {
        var buffer = ByteBuffer()
        HubWire.writeInvocation(
            target: "OnConnectionStatus", arguments: [ByteBuffer(string: "{\"connected\":\(connected)}")], to: &buffer)
        return buffer
    }

    // MARK: Events

    /// Translates `events` from `platformID`, in order, into this connection's messages and passes them to `send`
    /// in one buffer with their count; does nothing when no subscription wants any of them.
    func route(_ events: [MarketEvent], platformID: UUID, send: (ByteBuffer, Int) -> Void) {
        state.withLock { state in
            var out = ByteBuffer()
            var count = 0
            for event in events {
                count += write(event, platformID: platformID, state: &state, to: &out)
            }
            if count > 0 { send(out, count) }
        }
    }

    /// Appends the messages `event` is owed to `out`; returns how many.
    private func write(
        _ event: MarketEvent, platformID: UUID, state: inout State, to out: inout ByteBuffer
    ) -> Int {
        var count = 0
        switch (hub, event) {
        case (.mt4V2, .tick(let tick)):
            let key = Self.symbolKey(tick.symbol)
            var payload: ByteBuffer?
            if state.tickSymbols.contains(key) {
                payload = HubTickJSON.encode(tick)
                guard let payload else { return count }
                HubWire.writeInvocation(target: "OnTick", arguments: [payload], to: &out)
                count += 1
            }
            for stream in state.streams.values where stream.kind == .ticks && (stream.symbol ?? key) == key {
                if payload == nil { payload = HubTickJSON.encode(tick) }
                guard let payload else { return count }
                HubWire.writeStreamItem(invocationID: stream.invocationID, item: payload, to: &out)
                count += 1
            }
        case (.mt4V2, .margin(let margin)):
            // The heaviest stream: each item is written in place, with no payload buffer to allocate and copy.
            guard HubMarginJSON.canEncode(margin) else { return 0 }
            for stream in state.streams.values where stream.kind == .marginCalls {
                HubWire.writeStreamItem(invocationID: stream.invocationID, to: &out) {
                    HubMarginJSON.write(margin, to: &$0)
                }
                count += 1
            }
        case (.mt4V2, .trade(let trade)):
            count = Self.writeItems(trade, kind: .trades, state: &state, to: &out)
        case (.mt4V2, .user(let user)):
            count = Self.writeItems(user, kind: .users, state: &state, to: &out)
        case (.mt4V2, .symbol(let symbol)):
            count = Self.writeItems(symbol, kind: .symbols, state: &state, to: &out)
        case (.mt4V2, .connection(let connected)), (.mt5V2, .connection(let connected)):
            out.writeImmutableBuffer(Self.connectionStatus(connected))
            count = 1
        case (.mt5V2, .margin(let margin)):
            // One notice per change of an account's level type, `direction` 1 when it worsened; each connection
            // starts from "every account ok", so an account already in a call is reported on its next event.
            let previous = state.mt5LevelTypes[margin.login] ?? 0
            guard margin.levelType != previous else { return 0 }
            state.mt5LevelTypes[margin.login] = margin.levelType
            let item = MT5MarginCallPayload(
                login: margin.login, type: margin.levelType, direction: margin.levelType > previous ? 1 : 0)
            guard let payload = Self.encode(item, with: state.encoder) else { return 0 }
            HubWire.writeInvocation(target: "OnMarginCall", arguments: [payload], to: &out)
            count = 1 + Self.writeItems(payload, kind: .mt5MarginCalls, state: state, to: &out)
        case (.mt4V1, .tick(let tick)):
            guard state.legacyTicks[platformID]?.contains(Self.symbolKey(tick.symbol)) == true,
                let payload = Self.encode(
                    LegacyTickPayload(symbol: tick.symbol, bid: tick.bid, ask: tick.ask), with: state.encoder)
            else { return 0 }
            // .NET writes a Guid in lower case.
            let platform = HubWire.jsonString(platformID.uuidString.lowercased())
            HubWire.writeInvocation(target: "onTick", arguments: [platform, payload], to: &out)
            count = 1
        default:
            return 0
        }
        return count
    }

    private static func writeItems(
        _ value: some Encodable, kind: HubStreamKind, state: inout State, to out: inout ByteBuffer
    ) -> Int {
        guard state.streams.values.contains(where: { $0.kind == kind }),
            let payload = encode(value, with: state.encoder)
        else { return 0 }
        return writeItems(payload, kind: kind, state: state, to: &out)
    }

    private static func writeItems(
        _ payload: ByteBuffer, kind: HubStreamKind, state: State, to out: inout ByteBuffer
    )
        -> Int
    {
        var count = 0
        for stream in state.streams.values where stream.kind == kind {
            HubWire.writeStreamItem(invocationID: stream.invocationID, item: payload, to: &out)
            count += 1
        }
        return count
    }

    /// An event JSONEncoder cannot write (a NaN price, say) is skipped rather than sent malformed.
    private static func encode(_ value: some Encodable, with encoder: JSONEncoder) -> ByteBuffer? {
        guard let data = try? encoder.encode(value) else { return nil }
        return ByteBuffer(bytes: data)
    }
}
