import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage
import Testing

@testable import Runtime

@Suite("Symbol settings from a resync")
struct SymbolSeedTests {
    struct Collector: NotificationSink {
        let notifications = Collected()

        final class Collected: @unchecked Sendable {
            private let lock = NSLock()
            private var items: [AlertNotification] = []
            func add(_ more: [AlertNotification]) { lock.withLock { items += more } }
            var all: [AlertNotification] { lock.withLock { items } }
        }

        func accept(transitions: [AlertTransition], notifications: [AlertNotification]) async throws {
            self.notifications.add(notifications)
        }
    }

    @Test("seed related state only: trade rules read symbol.contractSize, and no `on symbol` rule fires")
    func seedsWithoutEvaluating() async throws {
        let source = """
            rule symbol_changed {
              on symbol updated
              when contractSize > 0
              log "{symbol} changed"
            }
            rule big_notional {
              on trade opened
              when volumeLots * symbol.contractSize >= 100000
              log "#{order} {volumeLots} lots of {symbol}"
            }
            """
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source)
        let ruleSet = try #require(result.ruleSet, "\(result.diagnostics)")
        let sink = Collector()
        let start = Timestamp(milliseconds: 1_767_614_431_000)
        let service = EngineService(engine: RuleEngine(ruleSet: ruleSet, startingAt: start), sink: sink)
        let decoder = HubPayloadDecoder()
        let symbol = SymbolUpdatePayload(
            kind: .updated, symbol: "EURUSD", description: "Euro vs US dollar", currency: "USD", digits: 5,
            contractSize: 100_000, tickValue: 1, tickSize: 0.00001)
        let seed = RecordedItem(
            time: start, platform: "MT4", stream: .symbol, source: .resync, payload: RecordingLine.hubJSON(symbol))
        try await service.process(try decoder.event(seed), recording: .item(seed))
        let trade = TradeUpdatePayload(
            kind: .added, order: 7, login: 1001, symbol: "EURUSD", cmd: 0, volumeLots: 2, openPrice: 1.1,
            openTime: nil, closePrice: 1.1, closeTime: nil, profit: 0)
        let opened = RecordedItem(
            time: start.adding(milliseconds: 1000), platform: "MT4", stream: .trade, source: .hub,
            payload: RecordingLine.hubJSON(trade))
        try await service.process(try decoder.event(opened), recording: .item(opened))
        let texts = sink.notifications.all.map(\.action)
        #expect(texts == [.log(text: "#7 2 lots of EURUSD")])
    }
}
