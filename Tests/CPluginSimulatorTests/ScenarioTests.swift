import CPluginClient
import Foundation
import Testing

@testable import CPluginSimulator

@Suite("Scenarios")
struct ScenarioTests {
    @Test("a valid file parses into scripted accounts and time-ordered actions")
    func parsesValidFile() throws {
        let text = """
            # accounts first
            account 1002 group real-std balance 12_450 leverage 1:100 name "Margin Call Demo"
            account 1009 credit 500

            at 1m30s deposit 1003 75000      # comments after actions too
            at 5s move EURUSD -3% over 10s
            at 6s move XAUUSD to 1990.5 over 1m
            at 10s open 1005 buy 60 XAUUSD
            at 12s close 1005 XAUUSD
            at 13s close 1005 all
            at 20s stop quotes GBPUSD
            at 50s resume quotes GBPUSD
            at 40s withdraw 1004 25000
            at 41s credit 1009 -200
            at 45s burst 1007 25 trades EURUSD over 30s
            at 50s scalp 1008 6 trades EURUSD over 1m
            at 55s widen spread EURUSD x5 for 20s
            at 60s pump down for 5s
            at 1h pump down
            at 1h1m pump up
            """
        let scenario = try ScenarioParser.parse(text, path: "test.scenario")
        #expect(scenario.path == "test.scenario")
        #expect(
            scenario.accounts == [
                Scenario.Account(
                    login: 1002, group: "real-std", balance: 12_450, leverage: 100, name: "Margin Call Demo"),
                Scenario.Account(login: 1009, credit: 500),
            ])
        #expect(
            scenario.entries.map(\.action) == [
                .move(symbol: "EURUSD", change: -0.03, duration: 10),
                .moveTo(symbol: "XAUUSD", price: 1990.5, duration: 60),
                .open(login: 1005, side: .buy, lots: 60, symbol: "XAUUSD"),
                .close(login: 1005, symbol: "XAUUSD"),
                .close(login: 1005, symbol: nil),
                .stopQuotes(symbol: "GBPUSD"),
                .withdraw(login: 1004, amount: 25_000),
                .credit(login: 1009, amount: -200),
                .burst(login: 1007, trades: 25, symbol: "EURUSD", duration: 30),
                .resumeQuotes(symbol: "GBPUSD"),
                .scalp(login: 1008, trades: 6, symbol: "EURUSD", duration: 60),
                .widenSpread(symbol: "EURUSD", factor: 5, duration: 20),
                .pumpDown(duration: 5),
                .deposit(login: 1003, amount: 75_000),
                .pumpDown(duration: nil),
                .pumpUp,
            ])
        #expect(scenario.entries.map(\.at) == [5, 6, 10, 12, 13, 20, 40, 41, 45, 50, 50, 55, 60, 90, 3600, 3660])
        #expect(scenario.entries.first?.line == 6)
        #expect(scenario.symbols == ["EURUSD", "XAUUSD", "GBPUSD"])
        #expect(scenario.logins == [1002, 1009, 1005, 1004, 1007, 1008, 1003])
    }

    @Test(
        "every error names its line and column",
        arguments: [
            ("at 5x move EURUSD -3% over 10s", 1, 4, "expected a time such as 30s, 5m or 1h30m, found '5x'"),
            ("move EURUSD -3% over 10s", 1, 1, "give the time first, as in 'at 5s move …'"),
            ("at 5s", 1, 6, "expected an action after 'at 5s'"),
            ("at 5s mvoe EURUSD", 1, 7, "unknown action 'mvoe'; did you mean 'move'?"),
            ("at 5s dance", 1, 7, "unknown action 'dance'; actions are move, open, close"),
            ("at 5s move EURUSX -3% over 10s", 1, 12, "unknown symbol 'EURUSX'; did you mean 'EURUSD'?"),
            ("at 5s move EURUSD -3 over 10s", 1, 19, "expected a change such as -3% or 'to PRICE', found '-3'"),
            ("at 5s move EURUSD -150% over 10s", 1, 19, "more than -100%"),
            ("at 5s move EURUSD -3% in 10s", 1, 23, "expected 'over' after the change, found 'in'"),
            ("at 5s move EURUSD -3% over", 1, 27, "expected a duration such as 30s, 5m or 1h30m"),
            ("at 5s move EURUSD to -5 over 1s", 1, 22, "expected a price, found '-5'"),
            ("at 10s open abc buy 60 XAUUSD", 1, 13, "expected a login (a positive whole number), found 'abc'"),
            ("at 10s open 1005 hold 60 XAUUSD", 1, 18, "expected buy or sell, found 'hold'"),
            ("at 10s open 1005 buy 0 XAUUSD", 1, 22, "a volume must be 0.01 to 100000 lots"),
            ("at 10s open 1005 buy 1", 1, 23, "expected a symbol such as EURUSD"),
            ("at 12s close 1005", 1, 18, "expected a symbol such as EURUSD"),
            ("at 20s stop GBPUSD", 1, 13, "expected 'quotes' after 'stop', found 'GBPUSD'"),
            ("at 30s deposit 1003 -5", 1, 21, "expected an amount such as 75000, found '-5'"),
            ("at 30s withdraw 1003 0", 1, 22, "an amount must be positive"),
            ("at 45s burst 1007 25 EURUSD over 30s", 1, 22, "expected 'trades' after the number of trades"),
            ("at 45s burst 1007 2.5 trades EURUSD over 30s", 1, 19, "a whole number from 1 to 10000"),
            ("at 55s widen spread EURUSD 5 for 20s", 1, 28, "expected a factor of 1 or more, such as x5, found '5'"),
            (
                "at 55s widen spread EURUSD x0.5 for 20s", 1, 28,
                "expected a factor of 1 or more, such as x5, found 'x0.5'"
            ),
            ("at 55s widen spread EURUSD x5 over 20s", 1, 31, "expected 'for' after the factor"),
            ("at 60s pump sideways", 1, 13, "expected 'down' or 'up' after 'pump', found 'sideways'"),
            ("at 60s pump down for 5s extra", 1, 25, "unexpected 'extra' after the action"),
            ("account 1002 group real-xyz", 1, 20, "unknown group 'real-xyz'; groups are real-std, real-ecn"),
            ("account 1002 colour red", 1, 14, "unknown account setting 'colour'"),
            ("account 1002 balance 5 balance 6", 1, 24, "'balance' is given twice"),
            ("account 1002 leverage 1:0", 1, 23, "expected a leverage such as 100 or 1:100"),
            ("account 1002 name \"Unclosed", 1, 19, "this quote is not closed with '\"'"),
            ("account 1002\naccount 1003\naccount 1002 balance 5", 3, 9, "account 1002 is already declared on line 1"),
            ("# a comment\n\n   # another\nat 5s nope", 4, 7, "unknown action 'nope'"),
            ("at 1s open 1005 buy 1 EURUSD\n\tat 2s close", 2, 13, "expected a login"),
        ])
    func errors(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try ScenarioParser.parse(text, path: "bad.scenario")
            Issue.record("parsed without an error: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description == "bad.scenario:\(line):\(column): error: \(error.message)")
        }
    }

    @Test("one action parses without a time, for the simulator's /sim endpoints")
    func parsesSingleAction() throws {
        #expect(try ScenarioParser.parseAction("deposit 1003 75000") == .deposit(login: 1003, amount: 75_000))
        #expect(
            try ScenarioParser.parseAction("widen spread GBPUSD x2.5 for 1m30s")
                == .widenSpread(symbol: "GBPUSD", factor: 2.5, duration: 90))
        #expect(throws: ScenarioError.self) { try ScenarioParser.parseAction("at 5s pump up") }
    }

    @Test("move EURUSD -3% over 10s moves the mid by about 3 %")
    func moveEffect() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 21))
        let before = try #require(model.lastTick(symbol: "EURUSD"))
        _ = model.apply(.move(symbol: "EURUSD", change: -0.03, duration: 10))
        let events = MarketTesting.run(model, seconds: 11).map(\.event)
        let after = try #require(model.lastTick(symbol: "EURUSD"))
        let change = (after.bid + after.ask) / (before.bid + before.ask) - 1
        #expect(abs(change + 0.03) < 0.002, "moved \(change)")
        // A fast market: a quote every step while it moves.
        #expect(MarketTesting.ticks(events, symbol: "EURUSD").count >= 100)
    }

    @Test("stop quotes silences the symbol until resume quotes")
    func stopQuotesEffect() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 4))
        #expect(model.apply(.stopQuotes(symbol: "GBPUSD")).isEmpty)
        let events = MarketTesting.run(model, seconds: 40).map(\.event)
        #expect(MarketTesting.ticks(events, symbol: "GBPUSD").isEmpty)
        #expect(MarketTesting.ticks(events, symbol: "EURUSD").count > 50)
        let resumed = model.apply(.resumeQuotes(symbol: "GBPUSD"))
        let tick = try #require(MarketTesting.ticks(resumed, symbol: "GBPUSD").first)
        #expect(tick.lastTime == model.now)
        #expect(!MarketTesting.ticks(MarketTesting.run(model, seconds: 50).map(\.event), symbol: "GBPUSD").isEmpty)
    }

    @Test("a deposit is a cmd-6 trade whose profit is the amount, and raises the balance")
    func depositEffect() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 8))
        let before = try #require(model.user(login: 1003)).balance
        let events = model.apply(.deposit(login: 1003, amount: 75_000))
        let trade = try #require(MarketTesting.trades(events).first)
        #expect(trade.kind == .added && trade.cmd == 6 && trade.profit == 75_000 && trade.login == 1003)
        #expect(trade.symbol == "" && trade.volumeLots == 0 && trade.comment == "Deposit")
        #expect(trade.openTime == model.now && trade.closeTime == model.now)
        let user = try #require(events.compactMap { if case .user(let user) = $0 { user } else { nil } }.first)
        #expect(user.login == 1003 && user.balance == roundCents(before + 75_000))
        #expect(MarketTesting.margins(events).first?.balance == user.balance)
        #expect(model.user(login: 1003)?.balance == user.balance)
        #expect(model.trade(order: trade.order) == trade)
        #expect(MarketTesting.trades(events).count == 1, "no deleted record follows a balance operation")
    }

    @Test("a withdrawal beyond the free margin is refused, as MT4 refuses it")
    func refusedWithdrawal() throws {
        let model = MarketTesting.quietModel(accounts: [Scenario.Account(login: 2001, balance: 1000)])
        let action = ScenarioAction.withdraw(login: 2001, amount: 5000)
        #expect(model.validate(action)?.contains("not enough money") == true)
        #expect(model.apply(action).isEmpty)
        #expect(model.rejections.last?.action == action)
        #expect(model.validate(.deposit(login: 4242, amount: 1))?.contains("no account 4242") == true)
        #expect(
            model.validate(.open(login: 2001, side: .buy, lots: 100, symbol: "XAUUSD"))?.contains("not enough") == true)
        #expect(model.validate(.withdraw(login: 2001, amount: 500)) == nil)
    }

    @Test("a burst opens its trades evenly within the duration")
    func burstEffect() {
        let model = MarketTesting.quietModel(accounts: [Scenario.Account(login: 2001, balance: 50_000)])
        let now = model.apply(.burst(login: 2001, trades: 25, symbol: "EURUSD", duration: 30)).map {
            (time: 0.0, event: $0)
        }
        let timed = now + MarketTesting.run(model, seconds: 31, every: 0.1)
        let opens = timed.filter {
            if case .trade(let t) = $0.event { t.kind == .added && t.login == 2001 } else { false }
        }
        #expect(opens.count == 25)
        #expect((opens.last?.time ?? 99) < 30)
    }

    @Test("widen spread multiplies the spread for its duration")
    func widenEffect() throws {
        let model = MarketTesting.quietModel(accounts: [])
        _ = model.apply(.widenSpread(symbol: "EURUSD", factor: 5, duration: 20))
        let timed = MarketTesting.run(model, seconds: 40, every: 0.1)
        let spreads = timed.compactMap { item -> (Double, Double)? in
            guard case .tick(let tick) = item.event, tick.symbol == "EURUSD" else { return nil }
            return (item.time, (tick.ask - tick.bid) * 100_000)
        }
        let wide = spreads.filter { $0.0 < 19.9 }.map(\.1)
        let normal = spreads.filter { $0.0 > 20.1 }.map(\.1)
        #expect(!wide.isEmpty && !normal.isEmpty)
        #expect(wide.allSatisfy { $0 >= 45 }, "\(wide)")
        #expect(normal.allSatisfy { $0 <= 16 }, "\(normal)")
    }

    @Test("pump down sends connection false, silences events, and on reconnect resends every quote")
    func pumpEffect() throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: 2))
        #expect(model.apply(.pumpDown(duration: 5)) == [.connection(false)])
        #expect(!model.isPumpConnected)
        #expect(model.advance(to: model.configuration.start.addingTimeInterval(4.9)).isEmpty)
        let events = model.advance(to: model.configuration.start.addingTimeInterval(5.1))
        #expect(events.first == .connection(true))
        #expect(
            Set(events.compactMap { if case .tick(let t) = $0 { t.symbol } else { nil } })
                == Set(model.symbols.map(\.symbol)))
        #expect(MarketTesting.margins(events).count == 50)
    }

    @Test("the demo scenario parses")
    func demoParses() throws {
        let scenario = try ScenarioParser.parse(DemoScenario.text, path: DemoScenario.path)
        #expect(try scenario == DemoScenario.scenario)
        #expect(scenario.entries.allSatisfy { $0.at <= 62 })
    }

    @Test("within 70 s the demo trips every starter rule for real reasons", arguments: [1, 7, 42, 2026] as [UInt64])
    func demoTripsRules(seed: UInt64) throws {
        let model = MarketModel(configuration: MarketConfiguration(seed: seed), scenario: try DemoScenario.scenario)
        let timed = MarketTesting.run(model, seconds: 70, every: 0.5)
        let events = timed.map(\.event)
        let rejections = model.rejections
        #expect(rejections.isEmpty)
        let trades = MarketTesting.trades(events)
        let opened = trades.filter { $0.kind == .added && $0.cmd <= 5 }

        // margin_call: a real-* account below 100 % that stays below 120 % for more than 30 s.
        let margins = timed.compactMap { item -> (Double, MarginCallPayload)? in
            if case .margin(let margin) = item.event { (item.time, margin) } else { nil }
        }
        let called = margins.filter { $0.1.group.hasPrefix("real-") && $0.1.level < 100 && $0.1.margin > 0 }
        let held = called.contains { start in
            let later = margins.filter { $0.1.login == start.1.login && $0.0 >= start.0 }
            return later.allSatisfy { $0.1.level < 120 } && (later.last?.0 ?? 0) - start.0 > 30
        }
        #expect(held)

        // equity_drawdown: a real-* account's equity 30 % or more below its high.
        let drawdown = Set(margins.map(\.1.login)).contains { login in
            var high = 0.0
            for (_, margin) in margins where margin.login == login && margin.group.hasPrefix("real-") {
                high = max(high, margin.equity)
                if margin.equity <= 0.7 * high { return true }
            }
            return false
        }
        #expect(drawdown)

        // large_trade: 50 lots or more, and 10 lots or more of gold.
        let large = opened.contains { $0.volumeLots >= 50 }
        let largeGold = opened.contains { $0.symbol.hasPrefix("XAU") && $0.volumeLots >= 10 }
        #expect(large && largeGold)

        // trade_burst: 20 or more orders by one login within a minute.
        let openTimes = timed.compactMap { item -> (Double, Int)? in
            if case .trade(let t) = item.event, t.kind == .added, t.cmd <= 5 { (item.time, t.login) } else { nil }
        }
        let burst = openTimes.contains { first in
            openTimes.filter { $0.1 == first.1 && $0.0 >= first.0 && $0.0 < first.0 + 60 }.count >= 20
        }
        #expect(burst)

        // scalping: five or more winning trades held under a minute by one login.
        let scalps = trades.filter { trade in
            guard trade.kind == .deleted, trade.cmd <= 1, trade.profit > 0, let open = trade.openTime,
                let close = trade.closeTime
            else { return false }
            return close.timeIntervalSince(open) < 60
        }
        let scalping = Dictionary(grouping: scalps, by: \.login).values.contains { $0.count >= 5 }
        #expect(scalping)

        // large_deposit and large_withdrawal: balance operations of 50,000 in and 20,000 out.
        let deposit = trades.contains { $0.kind == .added && $0.cmd == 6 && $0.profit >= 50_000 }
        let withdrawal = trades.contains { $0.kind == .added && $0.cmd == 6 && $0.profit <= -20_000 }
        #expect(deposit && withdrawal)

        // stale_quotes: 30 s or more between two ticks of one symbol.
        var lastTick: [String: Date] = [:]
        var longestGap = 0.0
        for event in events {
            guard case .tick(let tick) = event, let time = tick.lastTime else { continue }
            if let previous = lastTick[tick.symbol] { longestGap = max(longestGap, time.timeIntervalSince(previous)) }
            lastTick[tick.symbol] = time
        }
        #expect(longestGap >= 30)

        // spread_widening: with 10+ ticks in the last 10 minutes, the spread more than 3 times their average for
        // 10 s or more.
        let widened = Self.spreadWideningHolds(events, seconds: 10)
        #expect(widened)
        let reconnected = events.contains(.connection(false)) && events.contains(.connection(true))
        #expect(reconnected)
    }

    /// Replays the spread_widening rule on the ticks: per symbol, the first tick where the condition holds starts a
    /// run; the run must reach 10 s with every tick in it still holding.
    static func spreadWideningHolds(_ events: [MarketEvent], seconds: Double) -> Bool {
        var history: [String: [(Date, Double)]] = [:]
        var since: [String: Date] = [:]
        for event in events {
            guard case .tick(let tick) = event, let time = tick.lastTime else { continue }
            let spread = tick.ask - tick.bid
            history[tick.symbol, default: []].append((time, spread))
            let window = history[tick.symbol]!.filter { time.timeIntervalSince($0.0) <= 600 }
            let average = window.map(\.1).reduce(0, +) / Double(window.count)
            if window.count >= 10, spread > 3 * average {
                let start = since[tick.symbol] ?? time
                since[tick.symbol] = start
                if time.timeIntervalSince(start) >= seconds { return true }
            } else {
                since[tick.symbol] = nil
            }
        }
        return false
    }
}
