import AlertModel
import CPluginClient
import Foundation
import RuleEngine

/// A seeded, realistic feed for the engine benchmarks: margin updates for many accounts (most healthy, some
/// drifting towards a margin call), trades opened and closed, and ticks for many symbols, as `TradingEvent`s built
/// by the same `HubEventMapper` the live service uses. The same seed gives the same events on every machine.
public struct EngineWorkload: Sendable {
    public let accounts: Int
    public let symbols: Int
    /// Account groups the events use: rules select by group, so this sets how many margin rules apply per event.
    public let groups: Int
    public let events: [TradingEvent]
    /// One margin update per account, a second before the feed: what the service's first margin resync gives the
    /// engine (`RuleEngine.seed`), so the feed is measured with every account known, as it runs for months.
    public let known: [TradingEvent]

    /// A Tuesday at noon UTC, inside every shipped rule's `active during` hours.
    public static let start = Timestamp(milliseconds: 1_767_700_800_000)

    public static func symbolName(_ index: Int) -> String { "S\(index)" }
    public static func groupName(_ index: Int) -> String { "g\(index)" }

    /// - Parameters:
    ///   - rate: events per second of feed time (the time stamps the events carry).
    public init(events count: Int, accounts: Int, symbols: Int, groups: Int, rate: Double = 100_000, seed: UInt64) {
        self.accounts = accounts
        self.symbols = symbols
        self.groups = groups
        var random = BenchmarkRandom(seed: seed)
        let mapper = HubEventMapper()
        var levels = (0..<accounts).map { _ in 150 + random.unit() * 1500 }
        func margin(_ account: Int, at time: Timestamp) -> TradingEvent {
            let equity = 10_000 + Double(account % 1000) * 10
            let margin = equity / levels[account] * 100
            return mapper.event(
                MarginCallPayload(
                    login: 100_000 + account, group: Self.groupName(account % groups), leverage: 100, updated: 0,
                    balance: equity, equity: equity, volumeLots: margin / 1000, margin: margin, free: equity - margin,
                    level: levels[account], controllingType: 0,
                    levelType: levels[account] < 50 ? 2 : levels[account] < 100 ? 1 : 0),
                platform: "MT4-Bench", at: time)
        }
        known = (0..<accounts).map { margin($0, at: Self.start.adding(milliseconds: -1000)) }
        var prices = (0..<symbols).map { _ in 0.5 + random.unit() * 2 }
        var open: [Int] = []
        var nextOrder = 1
        var events: [TradingEvent] = []
        events.reserveCapacity(count)
        for index in 0..<count {
            let time = Self.start.adding(milliseconds: Int64(Double(index) / rate * 1000))
            let draw = random.unit()
            if draw < 0.7 {
                let account = Int(random.next() % UInt64(accounts))
                // A random walk that sometimes falls below 100 % and comes back.
                levels[account] = max(20, min(3000, levels[account] + (random.unit() - 0.52) * 40))
                events.append(margin(account, at: time))
            } else if draw < 0.8 {
                let closing = !open.isEmpty && random.unit() < 0.45
                let order: Int
                if closing {
                    order = open.swapRemoveRandom(&random)
                } else {
                    order = nextOrder
                    nextOrder += 1
                    open.append(order)
                }
                let symbol = Int(random.next() % UInt64(symbols))
                events.append(
                    mapper.event(
                        TradeUpdatePayload(
                            kind: closing ? .deleted : .added, order: order,
                            login: 100_000 + Int(random.next() % UInt64(accounts)), symbol: Self.symbolName(symbol),
                            cmd: Int(random.next() % 2), volumeLots: (random.unit() * 20).rounded() / 10 + 0.01,
                            openPrice: prices[symbol], openTime: nil, closePrice: prices[symbol], closeTime: nil,
                            profit: (random.unit() - 0.5) * 1000),
                        platform: "MT4-Bench", at: time))
            } else {
                let symbol = Int(random.next() % UInt64(symbols))
                prices[symbol] *= 1 + (random.unit() - 0.5) * 0.0004
                let spread = prices[symbol] * 0.0001 * (random.unit() < 0.01 ? 8 : 1)
                events.append(
                    mapper.event(
                        TickPayload(
                            symbol: Self.symbolName(symbol), bid: prices[symbol], ask: prices[symbol] + spread,
                            lastTime: nil),
                        platform: "MT4-Bench", at: time))
            }
        }
        self.events = events
    }
}

extension Array {
    /// Removes and returns a random element in O(1) (order is not kept).
    fileprivate mutating func swapRemoveRandom(_ random: inout BenchmarkRandom) -> Element {
        let index = Int(random.next() % UInt64(count))
        swapAt(index, count - 1)
        return removeLast()
    }
}
