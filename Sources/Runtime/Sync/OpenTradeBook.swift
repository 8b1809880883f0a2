import CPluginClient
import RuleEngine
import Synchronization

/// The tickets of the trades open on one platform, as far as mtrules has seen them: seeded from `TradesGet` at the
/// first connection and kept current by the trade stream. After a gap in the stream it tells which trades were
/// opened or closed while mtrules was not listening, so `on trade opened` / `on trade closed` rules see them once,
/// and never again for trades it already knew.
public final class OpenTradeBook: Sendable {
    private struct State {
        var tickets: Set<Int> = []
        var seeded = false
    }

    private let state = Mutex(State())
    /// Where a trade event keeps its ticket and command, resolved once.
    private let orderSlot: Int
    private let commandSlot: Int

    public init(schema: TradingSchema = .shared) {
        orderSlot = schema.layout(.trade).numberSlot("order")
        commandSlot = schema.layout(.trade).numberSlot("cmd")
    }

    /// Whether the book holds a complete picture yet (a first `TradesGet` has been read).
    public var isSeeded: Bool { state.withLock { $0.seeded } }

    public var count: Int { state.withLock { $0.tickets.count } }

    /// Follows the live stream: an `Added` trade is open, a `Deleted` one is not. Balance and credit operations
    /// (cmd 6, 7) are not positions and never enter the book.
    public func observe(_ trade: TradeUpdatePayload) {
        observe(order: trade.order, command: trade.cmd, closed: trade.kind == .deleted)
    }

    /// The same, from the engine's event (what the feed already decoded), so no payload is decoded twice.
    public func observe(_ event: TradingEvent) {
        guard event.stream == .trade else { return }
        let order = event.record.numbers[orderSlot]
        let command = event.record.numbers[commandSlot]
        guard !order.isNaN, !command.isNaN else { return }
        observe(order: Int(order), command: Int(command), closed: event.kind == "closed")
    }

    private func observe(order: Int, command: Int, closed: Bool) {
        guard command < 6 else { return }
        state.withLock { state in
            if closed { state.tickets.remove(order) } else { state.tickets.insert(order) }
        }
    }

    /// What changed between the book and the trades open now: tickets opened and tickets closed during the gap.
    /// The first call only seeds the book (everything open then predates mtrules) and reports no change.
    public func reconcile(openNow: [Int]) -> (opened: [Int], closed: [Int]) {
        state.withLock { state in
            let now = Set(openNow)
            defer {
                state.tickets = now
                state.seeded = true
            }
            guard state.seeded else { return ([], []) }
            return (now.subtracting(state.tickets).sorted(), state.tickets.subtracting(now).sorted())
        }
    }
}
