import CPluginClient
import Foundation
import Testing

@Suite("Hub payloads")
struct PayloadDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test(
        "a trade's kind is read as a number or as a name",
        arguments: [
            (#""Added""#, UpdateKind.added), ("0", .added), (#""updated""#, .updated), ("1", .updated),
            (#""Deleted""#, .deleted), ("2", .deleted),
        ])
    func kinds(_ text: String, _ kind: UpdateKind) throws {
        let trade = try decode(TradeUpdatePayload.self, #"{"kind":\#(text),"order":5,"login":1001,"symbol":"EURUSD"}"#)
        #expect(trade.kind == kind)
        #expect(trade.order == 5)
    }

    @Test("numbers may be ints or floats, unknown fields are ignored, and missing ones default")
    func lenientNumbers() throws {
        let margin = try decode(
            MarginCallPayload.self,
            #"{"login":1001.0,"group":"real-A","leverage":100,"updated":1767571200,"balance":1000,"equity":950.5,"#
                + #""volumeLots":1,"margin":1000,"free":-49.5,"level":95.05,"levelType":1,"surprise":{"x":[1,2]}}"#)
        #expect(margin.login == 1001)
        #expect(margin.balance == 1000)
        #expect(margin.level == 95.05)
        #expect(margin.levelType == 1)
        #expect(margin.controllingType == 0)
    }

    @Test("enums given by name in margin payloads map to their numbers")
    func enumNames() throws {
        let margin = try decode(
            MarginCallPayload.self, #"{"login":1,"levelType":"StopOut","controllingType":"Currency"}"#)
        #expect(margin.levelType == 2)
        #expect(margin.controllingType == 1)
    }

    @Test(
        "times with or without fractions and zones are read as UTC",
        arguments: [
            ("2026-01-05T12:00:31", 1_767_614_431.0),
            ("2026-01-05T12:00:31.250", 1_767_614_431.25),
            ("2026-01-05T12:00:31.1234567Z", 1_767_614_431.1234567),
            ("2026-01-05T15:00:31+03:00", 1_767_614_431.0),
            ("2026-01-05T12:00:31-0130", 1_767_619_831.0),
        ])
    func times(_ text: String, _ seconds: Double) throws {
        let tick = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.1002,"lastTime":"\#(text)"}"#)
        let time = try #require(tick.lastTime)
        #expect(abs(time.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test("a null or malformed time is nil and loses nothing else of the tick")
    func badTime() throws {
        let null = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.2,"lastTime":null}"#)
        #expect(null.lastTime == nil)
        let bad = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.2,"lastTime":"yesterday"}"#)
        #expect(bad.lastTime == nil)
        #expect(bad.ask == 1.2)
    }

    @Test("times are written as the hub writes them: UTC, milliseconds, no zone")
    func writing() throws {
        let date = Date(timeIntervalSince1970: 1_767_614_431.25)
        #expect(HubTime.format(date) == "2026-01-05T12:00:31.250")
        #expect(HubTime.parse(HubTime.format(date)) == date)
        let tick = TickPayload(symbol: "EURUSD", bid: 1.1, ask: 1.2, lastTime: date)
        let json = String(decoding: try JSONEncoder().encode(tick), as: UTF8.self)
        #expect(json.contains(#""lastTime":"2026-01-05T12:00:31.250""#))
    }

    @Test("the v1 hub's tick is PascalCase")
    func legacyTick() throws {
        let tick = try decode(LegacyTickPayload.self, #"{"Symbol":"EURUSD","Bid":1.1,"Ask":1.2}"#)
        #expect(tick == LegacyTickPayload(symbol: "EURUSD", bid: 1.1, ask: 1.2))
    }
}
