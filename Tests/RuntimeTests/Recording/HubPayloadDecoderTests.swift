import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import Runtime
import Testing

@Suite("Raw hub payloads to engine events, as live and replay both decode them")
struct HubPayloadDecoderTests {
    typealias Support = RecordingTestSupport
    let decoder = HubPayloadDecoder()
    let mapper = HubEventMapper()
    let time = RecordingTestSupport.start

    static let payloads: [(RecordedStream, String)] = [
        (
            .margin,
            #"{"login":1001,"group":"real-A","leverage":100,"updated":1767571199,"balance":1000,"equity":950,"volumeLots":2.5,"margin":1000,"free":-50,"level":95,"controllingType":"Currency","levelType":"MarginCall"}"#
        ),
        (
            .trade,
            #"{"kind":"Added","order":42,"login":7,"symbol":"XAUUSD","cmd":1,"volumeLots":12,"openPrice":2000.5,"openTime":"2026-01-05T12:00:31","sl":0,"tp":0,"closePrice":0,"closeTime":null,"commission":-1,"storage":0,"profit":0,"taxes":0,"comment":"hi"}"#
        ),
        (.tick, #"{"symbol":"EURUSD","bid":1.1,"ask":1.1002,"lastTime":"2026-01-05T12:00:31.123"}"#),
        (
            .user,
            #"{"kind":1,"login":7,"group":"real-A","name":"Ann","country":"NL","leverage":200,"balance":5,"credit":0,"enabled":true,"readOnly":false,"regDate":"2025-01-01T00:00:00","lastDate":null,"email":"a@b","phone":"","comment":""}"#
        ),
        (
            .symbol,
            #"{"kind":"Updated","symbol":"EURUSD","description":"Euro","currency":"USD","digits":5,"tradeMode":4,"spread":10,"stopsLevel":0,"freezeLevel":0,"contractSize":100000,"tickValue":1,"tickSize":0.00001,"marginInitial":0,"marginMaintenance":0}"#
        ),
        (.pump, #"{"connected":false}"#),
    ]

    /// The event the typed hub stream path gives: `RawJSON.decode` into the payload type, then `HubEventMapper`.
    func typed(_ stream: RecordedStream, _ raw: RawJSON) throws -> TradingEvent {
        switch stream {
        case .margin: mapper.event(try raw.decode(MarginCallPayload.self), platform: "P", at: time)
        case .trade: mapper.event(try raw.decode(TradeUpdatePayload.self), platform: "P", at: time)
        case .tick: mapper.event(try raw.decode(TickPayload.self), platform: "P", at: time)
        case .user: mapper.event(try raw.decode(UserUpdatePayload.self), platform: "P", at: time)
        case .symbol: mapper.event(try raw.decode(SymbolUpdatePayload.self), platform: "P", at: time)
        case .pump:
            mapper.event(
                pumpConnected: try raw.decode(ConnectionStatusPayload.self).connected, platform: "P", at: time)
        }
    }

    @Test(
        "each stream's raw payload decodes to the event the typed stream and HubEventMapper give", arguments: payloads)
    func parity(stream: RecordedStream, json: String) throws {
        let raw = RawJSON(bytes: Array(json.utf8))
        let event = try decoder.event(stream: stream, payload: raw, platform: "P", at: time)
        #expect(Support.same(event, try typed(stream, raw)))
        #expect(event.platform == "P" && event.time == time)
    }

    @Test("a trade Added is `opened` and a margin payload's enums arrive by name")
    func kindsAndEnums() throws {
        let trade = try decoder.event(
            stream: .trade, payload: RawJSON(bytes: Array(Self.payloads[1].1.utf8)), platform: "P", at: time)
        #expect(trade.kind == "opened")
        var expected = TradingEvent.empty(.margin, platform: "P", time: time)
        for (name, value) in [
            ("login", 1001.0), ("leverage", 100), ("updated", 1_767_571_199), ("balance", 1000), ("equity", 950),
            ("volumeLots", 2.5), ("margin", 1000), ("free", -50), ("level", 95), ("controllingType", 1),
            ("levelType", 1),
        ] {
            try expected.set(name, .number(value))
        }
        try expected.set("group", .string("real-A"))
        let margin = try decoder.event(
            stream: .margin, payload: RawJSON(bytes: Array(Self.payloads[0].1.utf8)), platform: "P", at: time)
        #expect(Support.same(margin, expected))
    }

    @Test("a resync line replays as the margin event the REST margins give after MarginResync's conversion")
    func resync() throws {
        let level = MT4MarginLevel(
            login: 1001, group: "real-A", leverage: 100, updated: 1_767_571_199, balance: 1000, equity: 950,
            volume: 250, margin: 1000, free: -50, level: 95, controllingType: "Currency", levelType: "MarginCall")
        guard case .item(let item) = RecordingLine.resync(margin: level, platform: "P", at: time) else {
            Issue.record("a resync line is a data line")
            return
        }
        #expect(item.source == .resync && item.stream == .margin)
        let expected = mapper.event(
            MarginCallPayload(
                login: 1001, group: "real-A", leverage: 100, updated: 1_767_571_199, balance: 1000, equity: 950,
                volumeLots: 2.5, margin: 1000, free: -50, level: 95, controllingType: 1, levelType: 1),
            platform: "P", at: time)
        #expect(Support.same(try decoder.event(item), expected))
    }

    @Test("a v1 legacy tick decodes as PlatformHub turns it into a tick: no quote time")
    func legacyTick() throws {
        let line = RecordingLine.legacyTick(
            payload: RawJSON(bytes: Array(#"{"Symbol":"EURUSD","Bid":1.1,"Ask":1.2}"#.utf8)), platform: "P", at: time)
        guard case .item(let item) = line else { return }
        let expected = mapper.event(
            TickPayload(symbol: "EURUSD", bid: 1.1, ask: 1.2, lastTime: nil), platform: "P", at: time)
        #expect(Support.same(try decoder.event(item), expected))
    }

    @Test("a payload that is not its stream's shape throws, as the typed stream skips it")
    func undecodable() {
        #expect(throws: JSONReaderError.self) {
            try decoder.event(
                stream: .pump, payload: RawJSON(bytes: Array(#"{"connected":"yes"}"#.utf8)), platform: "P", at: time)
        }
    }
}
