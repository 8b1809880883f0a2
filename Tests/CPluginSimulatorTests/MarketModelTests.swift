import CPluginClient
import Foundation
import Testing

@testable import CPluginSimulator

/// Helpers shared by the market, scenario and fault tests.
enum MarketTesting {
    /// Every event as one JSON line (payloads with sorted keys), so runs compare byte for byte.
    static func encode(_ events: [MarketEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var data = Data()
        for event in events {
            switch event {
            case .tick(let payload): data.append(try encoder.encode(payload))
            case .margin(let payload): data.append(try encoder.encode(payload))
            case .trade(let payload): data.append(try encoder.encode(payload))
            case .user(let payload): data.append(try encoder.encode(payload))
            case .symbol(let payload): data.append(try encoder.encode(payload))
            case .connection(let connected): data.append(Data("connection \(connected)".utf8))
            }
            data.append(0x0A)
        }
        return data
    }

    /// Advances the model second by second for `seconds`, returning each event with its offset from the start.
    static func run(_ model: MarketModel, seconds: Int, every step: Double = 1) -> [(time: Double, event: MarketEvent)]
    {
        let start = model.configuration.start
        var timed: [(Double, MarketEvent)] = []
        var offset = model.now.timeIntervalSince(start)
        while offset < Double(seconds) - 1e-9 {
            offset = min(Double(seconds), offset + step)
            for event in model.advance(to: start.addingTimeInterval(offset)) { timed.append((offset, event)) }
        }
        return timed
    }

    static func ticks(_ events: [MarketEvent], symbol: String) -> [TickPayload] {
        events.compactMap { if case .tick(let tick) = $0, tick.symbol == symbol { tick } else { nil } }
    }

    static func trades(_ events: [MarketEvent]) -> [TradeUpdatePayload] {
        events.compactMap { if case .trade(let trade) = $0 { trade } else { nil } }
    }

    static func margins(_ events: [MarketEvent]) -> [MarginCallPayload] {
        events.compactMap { if case .margin(let margin) = $0 { margin } else { nil } }
    }

    /// A quiet market: no simulated clients, no random walk (spreads still jitter), scripted accounts as given.
    static func quietModel(accounts: [Scenario.Account], entries: [Scenario.Entry] = []) -> MarketModel {
        MarketModel(
            configuration: MarketConfiguration(seed: 5, accounts: 10, volatility: 0, activity: 0),
            scenario: Scenario(accounts: accounts, entries: entries))
    }
}

@Suite("Market model")
struct MarketModelTests {
    @Test(
        "the same seed and target times give byte-identical events, however the advancing is sliced",
        arguments: [0.1, 1, 7.3, 600])
    func determinism(slice: Double) throws {
        let configuration = MarketConfiguration(seed: 42, accounts: 60)
        let reference = MarketModel(configuration: configuration, scenario: try DemoScenario.scenario)
        let expected = try MarketTesting.encode(
            reference.advance(to: configuration.start.addingTimeInterval(600)))
        let model = MarketModel(configuration: configuration, scenario: try DemoScenario.scenario)
        let events = MarketTesting.run(model, seconds: 600, every: slice).map(\.event)
        #expect(events.count > 10_000)
        #expect(try MarketTesting.encode(events) == expected)
    }

    @Test("a different seed gives a different market")
    func differentSeeds() throws {
        func run(_ seed: UInt64) throws -> Data {
            let model = MarketModel(configuration: MarketConfiguration(seed: seed))
            return try MarketTesting.encode(model.advance(to: model.configuration.start.addingTimeInterval(60)))
        }
        #expect(try run(1) != run(2))
        let one = MarketModel(configuration: MarketConfiguration(seed: 1))
        let two = MarketModel(configuration: MarketConfiguration(seed: 2))
        #expect(one.lastTicks != two.lastTicks)
        #expect(one.users.map(\.balance) != two.users.map(\.balance))
    }

    @Test("the initial state is realistic: catalog symbols, groups by login, healthy margin levels")
    func initialState() {
        let model = MarketModel()
        #expect(
            model.symbols.map(\.symbol) == [
                "EURUSD", "GBPUSD", "USDJPY", "USDCHF", "AUDUSD", "USDCAD", "NZDUSD", "EURGBP", "XAUUSD", "XAGUSD",
                "US30", "BTCUSD",
            ])
        #expect(model.symbol(named: "XAUUSD")?.contractSize == 100)
        #expect(model.symbol(named: "XAGUSD")?.contractSize == 5000)
        #expect(model.symbol(named: "US30")?.contractSize == 1)
        #expect(model.symbol(named: "EURUSD")?.digits == 5)
        #expect(model.users.count == 50)
        #expect(model.user(login: 1001)?.group == "real-std")
        #expect(Set(model.users.map(\.group)) == ["real-std", "real-ecn", "vip-pro", "demo-std"])
        #expect(model.openTrades.count > 20)
        #expect(model.openTrades.map(\.order) == model.openTrades.map(\.order).sorted())
        for margin in model.marginLevels {
            #expect(margin.margin == 0 ? margin.level == 0 : margin.level > 200)
            #expect(margin.levelType == 0)
        }
        for tick in model.lastTicks {
            #expect(tick.ask > tick.bid)
        }
        #expect(!model.onlineLogins.isEmpty)
    }

    @Test("equity, margin, free margin and level follow a hand-made position")
    func marginMath() throws {
        let model = MarketTesting.quietModel(accounts: [
            Scenario.Account(login: 2001, group: "real-std", balance: 10_000, leverage: 100)
        ])
        let opened = model.apply(.open(login: 2001, side: .buy, lots: 2, symbol: "EURUSD"))
        let trade = try #require(MarketTesting.trades(opened).first)
        let tick = try #require(model.lastTick(symbol: "EURUSD"))
        #expect(trade.kind == .added && trade.cmd == 0 && trade.volumeLots == 2 && trade.openPrice == tick.ask)
        let expectedProfit = roundCents((tick.bid - tick.ask) * 2 * 100_000)
        let expectedMargin = roundCents(2 * 100_000 * (tick.bid + tick.ask) / 2 / 100)
        let margin = try #require(model.marginLevel(login: 2001))
        #expect(margin.margin == expectedMargin)
        #expect(margin.equity == 10_000 + expectedProfit)
        #expect(abs(margin.free - (margin.equity - margin.margin)) < 0.006)
        #expect(abs(margin.level - margin.equity / margin.margin * 100) < 0.006)
        #expect(margin.volumeLots == 2 && margin.levelType == 0 && margin.group == "real-std")
        #expect(MarketTesting.margins(opened).last == margin)

        // A USD-base pair: a lot of USDJPY ties up 100,000 USD / leverage, and yen profit is divided by the rate.
        _ = model.apply(.open(login: 2001, side: .sell, lots: 1, symbol: "USDJPY"))
        let yen = try #require(model.lastTick(symbol: "USDJPY"))
        let after = try #require(model.marginLevel(login: 2001))
        #expect(abs(after.margin - expectedMargin - 1000) < 0.02)
        let yenProfit = roundCents((yen.bid - yen.ask) * 100_000 / ((yen.bid + yen.ask) / 2))
        #expect(abs(after.equity - (10_000 + expectedProfit + yenProfit)) < 0.02)
        #expect(after.volumeLots == 3)
    }

    @Test(
        "levelType grades the margin level against the group's margin-call and stop-out levels",
        arguments: [
            ("real-std", 150.0, 1000.0, 0), ("real-std", 100.01, 1000, 0), ("real-std", 100, 1000, 1),
            ("real-std", 75, 1000, 1), ("real-std", 50, 1000, 2), ("real-std", 12, 1000, 2), ("real-std", 0, 0, 0),
            ("vip-pro", 90, 1000, 0), ("vip-pro", 80, 1000, 1), ("vip-pro", 30, 1000, 2), ("demo-std", 60, 1000, 0),
            ("demo-std", 40, 1000, 1), ("demo-std", 30, 1000, 2),
        ])
    func levelTypes(group: String, level: Double, margin: Double, expected: Int) throws {
        let settings = try #require(MarketModel().group(named: group))
        #expect(settings.levelType(level: level, margin: margin) == expected)
    }

    @Test("real groups call margin at 100 % and stop out at 50 %")
    func groupSettings() {
        let model = MarketModel()
        #expect(model.groups.map(\.name) == ["real-std", "real-ecn", "vip-pro", "demo-std"])
        #expect(model.group(named: "real-std")?.marginCall == 100)
        #expect(model.group(named: "real-ecn")?.marginStopout == 50)
        #expect(model.group(named: "nope") == nil)
    }

    @Test("at the stop-out level the position with the largest loss is closed, and the rest stays open")
    func stopOut() throws {
        let model = MarketTesting.quietModel(accounts: [
            Scenario.Account(login: 2001, group: "real-std", balance: 10_000, leverage: 100)
        ])
        _ = model.apply(.open(login: 2001, side: .buy, lots: 5, symbol: "EURUSD"))
        _ = model.apply(.open(login: 2001, side: .sell, lots: 1, symbol: "GBPUSD"))
        let euro = try #require(model.openTrades(login: 2001).first { $0.symbol == "EURUSD" })
        _ = model.apply(.move(symbol: "EURUSD", change: -0.015, duration: 1))
        let events = MarketTesting.run(model, seconds: 3).map(\.event)
        let margins = MarketTesting.margins(events).filter { $0.login == 2001 }
        let stopOutState = try #require(margins.first { $0.levelType == 2 })
        #expect(stopOutState.level <= 50)
        let closed = MarketTesting.trades(events).filter { $0.login == 2001 && $0.kind == .deleted }
        #expect(closed.map(\.order) == [euro.order])
        #expect(closed.first?.comment.hasPrefix("so: ") == true)
        #expect(closed.first.map { $0.profit < -5000 } == true)
        #expect(model.openTrades(login: 2001).map(\.symbol) == ["GBPUSD"])
        let now = try #require(model.marginLevel(login: 2001))
        #expect(now.level > 50 && now.balance < 10_000 - 5000)
        // The stop-out state is reported before the close, the result after it.
        let stopIndex = try #require(
            events.firstIndex { if case .margin(let m) = $0 { m.levelType == 2 } else { false } })
        let closeIndex = try #require(
            events.firstIndex { if case .trade(let t) = $0 { t.kind == .deleted } else { false } })
        #expect(stopIndex < closeIndex)
    }

    @Test("margin events go out when an account's state changes meaningfully, not on every tick")
    func marginEventsAreThrottled() {
        let model = MarketModel(configuration: MarketConfiguration(seed: 9, activity: 0))
        let events = MarketTesting.run(model, seconds: 120).map(\.event)
        let ticks = events.filter { if case .tick = $0 { true } else { false } }.count
        let margins = MarketTesting.margins(events)
        #expect(ticks > 2000)
        #expect(margins.count < ticks)
        // Consecutive events for one account differ by more than 0.1 % in level or equity (no trades here).
        var last: [Int: MarginCallPayload] = [:]
        for margin in margins {
            if let previous = last[margin.login] {
                let levelMoved = abs(margin.level - previous.level) > 0.001 * abs(previous.level)
                let equityMoved = abs(margin.equity - previous.equity) > 0.001 * abs(previous.equity)
                #expect(levelMoved || equityMoved || margin.levelType != previous.levelType)
            }
            last[margin.login] = margin
        }
    }

    @Test("simulated clients open and close trades, and closes move the balance")
    func clientsTrade() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 11, accounts: 200))
        let events = MarketTesting.run(model, seconds: 1800, every: 60).map(\.event)
        let trades = MarketTesting.trades(events)
        #expect(trades.contains { $0.kind == .added && $0.cmd <= 1 })
        let closed = trades.filter { $0.kind == .deleted }
        #expect(closed.count > 50)
        for trade in closed {
            #expect(trade.closeTime != nil && trade.closePrice > 0)
        }
        let users = events.compactMap { if case .user(let user) = $0 { user } else { nil } }
        #expect(users.count >= closed.count)
        let last = try #require(closed.last)
        #expect(model.trade(order: last.order) == last)
    }

    @Test("snapshots agree with the events sent")
    func snapshots() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 3))
        let events = MarketTesting.run(model, seconds: 30).map(\.event)
        for symbol in ["EURUSD", "XAUUSD"] {
            let last = try #require(MarketTesting.ticks(events, symbol: symbol).last)
            #expect(model.lastTick(symbol: symbol)?.bid == last.bid)
            #expect(model.lastTick(symbol: symbol)?.ask == last.ask)
            let session = try #require(model.session(symbol: symbol))
            #expect(session.low <= last.bid && last.bid <= session.high)
        }
        #expect(model.lastTick(symbol: "NOPE") == nil)
        #expect(model.marginLevels.map(\.login) == Array(1001...1050))
        for trade in model.openTrades {
            #expect(model.trade(order: trade.order) == trade)
            #expect(trade.closeTime == nil)
        }
        #expect(model.user(login: 99) == nil && model.marginLevel(login: 99) == nil)
    }
}
