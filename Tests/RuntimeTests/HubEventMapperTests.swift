import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage
import Runtime
import Testing

@Suite("Hub payloads to engine events")
struct HubEventMapperTests {
    let mapper = HubEventMapper()
    let time = Timestamp(milliseconds: 1_767_571_200_000)

    func compile(_ source: String) throws -> CompiledRuleSet {
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source, path: "t.rules")
        #expect(result.diagnostics.filter(\.isError).isEmpty, "\(result.diagnostics.map(\.message))")
        return try #require(result.ruleSet)
    }

    @Test("a margin payload fills the same slots as setting its fields by name")
    func marginParity() throws {
        let payload = MarginCallPayload(
            login: 1001, group: "real-A", leverage: 100, updated: 1_767_571_199, balance: 1000, equity: 950,
            volumeLots: 2.5, margin: 1000, free: -50, level: 95, controllingType: 0, levelType: 1)
        let mapped = mapper.event(payload, platform: "MT4-Live", at: time)
        var named = TradingEvent.empty(.margin, platform: "MT4-Live", time: time)
        for (name, value) in [
            ("login", 1001.0), ("leverage", 100), ("updated", 1_767_571_199), ("balance", 1000), ("equity", 950),
            ("volumeLots", 2.5), ("margin", 1000), ("free", -50), ("level", 95), ("controllingType", 0),
            ("levelType", 1),
        ] {
            try named.set(name, .number(value))
        }
        try named.set("group", .string("real-A"))
        #expect(mapped.record.numbers == named.record.numbers)
        #expect(mapped.record.strings == named.record.strings)
    }

    @Test("mapped events drive rules: a margin call fires, a large trade fires on `trade opened` only")
    func drivesRules() throws {
        let rules = try compile(
            """
            rule margin_call {
              on margin
              where group matches "real-*"
              when level < 100%
              by login
              webhook desk "{login} at {level:.0f}%"
            }
            rule large_trade {
              on trade opened
              when volume >= 50
              webhook desk "#{order} {login} {side} {volume} {symbol}"
            }
            """)
        let engine = RuleEngine(ruleSet: rules, startingAt: time)
        let margin = engine.process(
            mapper.event(
                MarginCallPayload(
                    login: 7, group: "real-B", leverage: 100, updated: 0, balance: 1000, equity: 900, volumeLots: 1,
                    margin: 1000, free: -100, level: 90, controllingType: 0, levelType: 1),
                platform: "MT4-Live", at: time))
        #expect(margin.notifications.map(\.action) == [.webhook(receiver: "desk", text: "7 at 90%")])

        func trade(_ kind: UpdateKind, order: Int) -> TradeUpdatePayload {
            TradeUpdatePayload(
                kind: kind, order: order, login: 7, symbol: "EURUSD", cmd: 1, volumeLots: 60, openPrice: 1.1,
                openTime: Date(timeIntervalSince1970: 1_767_571_100), closePrice: 1.1, closeTime: nil, profit: 0)
        }
        let modified = engine.process(mapper.event(trade(.updated, order: 1), platform: "MT4-Live", at: time))
        #expect(modified.notifications.isEmpty)
        let opened = engine.process(mapper.event(trade(.added, order: 2), platform: "MT4-Live", at: time))
        #expect(opened.notifications.map(\.action) == [.webhook(receiver: "desk", text: "#2 7 sell 60 EURUSD")])
    }

    @Test("ticks, users, symbols and the pump status map to their streams and kinds")
    func otherStreams() {
        let tick = mapper.event(
            TickPayload(symbol: "XAUUSD", bid: 2000.1, ask: 2000.5, lastTime: nil), platform: "P", at: time)
        #expect(tick.stream == .tick && tick.platform == "P")
        let user = mapper.event(
            UserUpdatePayload(
                kind: .deleted, login: 5, group: "g", name: "<b>\"Bob\" & {x}", country: "", leverage: 100,
                balance: 0, credit: 0, enabled: true, readOnly: false, regDate: nil, lastDate: nil, email: "",
                phone: "", comment: ""),
            platform: "P", at: time)
        #expect(user.stream == .user && user.kind == "deleted")
        #expect(user.record.strings.contains("<b>\"Bob\" & {x}"))
        let pump = mapper.event(pumpConnected: false, platform: "P", at: time)
        #expect(pump.stream == .platform)
    }
}
