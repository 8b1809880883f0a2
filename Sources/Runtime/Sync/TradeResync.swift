import AlertModel
import CPluginClient
import Foundation

/// Trades opened or closed while the hub link was down are not pushed again. After every reconnection the runtime
/// reads the open trades (`TradesGet`, paged) and compares them with the `OpenTradeBook`: a ticket open now but
/// unknown was opened during the gap and goes through the rules as `opened`; a known ticket no longer open was
/// closed during the gap, and its final record (`TradesGet/{ticket}`) goes through as `closed`. At the first
/// connection the book is only seeded, so existing positions never fire `on trade opened` rules.
public struct TradeResync: Sendable {
    public let rest: MT4RestClient
    public let book: OpenTradeBook
    /// At most this many closed tickets are looked up one by one after a gap; the rest are dropped from the book.
    public var closedLookupLimit = 500

    public init(rest: MT4RestClient, book: OpenTradeBook) {
        self.rest = rest
        self.book = book
    }

    /// What the gap hid, as hub-shaped trade updates in ticket order: openings first, then closings.
    public struct Gap: Sendable {
        public var opened: [TradeUpdatePayload] = []
        public var closed: [TradeUpdatePayload] = []
        /// Closed tickets whose final record could not be read (looked up past the limit, or gone).
        public var closedUnknown = 0
        public var openTrades = 0
    }

    public func run() async throws -> Gap {
        let open = try await rest.trades().collect().filter { Self.command($0.tradeCommand) < 6 }
        let (opened, closed) = book.reconcile(openNow: open.map(\.order))
        var gap = Gap(openTrades: open.count)
        let byTicket = Dictionary(open.map { ($0.order, $0) }, uniquingKeysWith: { first, _ in first })
        gap.opened = opened.compactMap { byTicket[$0].map { Self.payload($0, kind: .added) } }
        for (position, ticket) in closed.enumerated() {
            guard position < closedLookupLimit, let trade = try? await rest.trade(ticket: ticket) else {
                gap.closedUnknown += 1
                continue
            }
            gap.closed.append(Self.payload(trade, kind: .deleted))
        }
        return gap
    }

    static let commands = ["buy", "sell", "buylimit", "selllimit", "buystop", "sellstop", "balance", "credit"]

    /// MT4 `OP_*` from the REST command name; unknown names count as a position (0), never as a balance operation.
    static func command(_ name: String) -> Int {
        commands.firstIndex(of: name.lowercased()) ?? 0
    }

    /// The REST record in the hub's shape, so it reaches the rules exactly as a streamed trade would.
    public static func payload(_ trade: MT4Trade, kind: UpdateKind) -> TradeUpdatePayload {
        TradeUpdatePayload(
            kind: kind, order: trade.order, login: trade.login, symbol: trade.symbol ?? "",
            cmd: command(trade.tradeCommand), volumeLots: trade.volumeLots, openPrice: trade.openPrice,
            openTime: time(trade.openTime), sl: trade.sl, tp: trade.tp, closePrice: trade.closePrice,
            closeTime: time(trade.closeTime), commission: trade.commission, storage: trade.storage,
            profit: trade.profit, taxes: trade.taxes, comment: trade.comment ?? "")
    }

    /// REST writes "no time" as the Unix epoch.
    private static func time(_ text: String) -> Date? {
        guard let date = HubTime.parse(text), date.timeIntervalSince1970 > 0 else { return nil }
        return date
    }
}
