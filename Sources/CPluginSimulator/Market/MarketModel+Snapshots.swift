import CPluginClient
import Foundation

/// The state the REST calls read (`SymbolInfoGet`, `TickInfoLast`, `MarginsGet`, `TradesGet`, `UserRecordGet`,
/// `GroupRecordGet`, `OnlineGet`), as of the last step. Listings use kind `added`; closed trades `deleted`.
extension MarketModel {
    /// Every simulated symbol's settings, in catalog order.
    public var symbols: [SymbolUpdatePayload] {
        symbolStates.map { state in
            let spec = state.spec
            return SymbolUpdatePayload(
                kind: .added, symbol: spec.name, description: spec.description, currency: spec.quote,
                digits: spec.digits, tradeMode: 2, spread: spec.spreadPoints, stopsLevel: spec.stopsLevel,
                contractSize: spec.contractSize, tickValue: spec.contractSize * spec.point, tickSize: spec.point)
        }
    }

    public func symbol(named name: String) -> SymbolUpdatePayload? {
        symbolLookup[name].map { symbols[$0] }
    }

    /// The last quote of every simulated symbol.
    public var lastTicks: [TickPayload] {
        symbolStates.indices.map(tick)
    }

    public func lastTick(symbol: String) -> TickPayload? {
        symbolLookup[symbol].map(tick)
    }

    private func tick(_ index: Int) -> TickPayload {
        let state = symbolStates[index]
        return TickPayload(
            symbol: state.spec.name, bid: state.bid, ask: state.ask,
            lastTime: Date(timeIntervalSince1970: state.quoteTime))
    }

    /// High, low, spread and direction since the start, for `SymbolInfoGet`.
    public func session(symbol: String) -> SymbolSession? {
        guard let index = symbolLookup[symbol] else { return nil }
        let state = symbolStates[index]
        return SymbolSession(
            symbol: state.spec.name, digits: state.spec.digits, point: state.spec.point,
            spread: Int(((state.ask - state.bid) * PortableMath.powerOfTen(state.spec.digits)).rounded()),
            bid: state.bid, ask: state.ask, high: state.high, low: state.low, direction: state.direction)
    }

    /// Every account's margin state, by login.
    public var marginLevels: [MarginCallPayload] {
        accounts.indices.map(marginPayload)
    }

    public func marginLevel(login: Int) -> MarginCallPayload? {
        accountLookup[login].map(marginPayload)
    }

    /// Open positions by order, with their floating profit and current close price.
    public var openTrades: [TradeUpdatePayload] {
        var trades: [TradeUpdatePayload] = []
        for account in accounts.indices {
            for position in accounts[account].positions {
                trades.append(openPayload(position, account: account))
            }
        }
        return trades.sorted { $0.order < $1.order }
    }

    /// Open positions of one account, by order.
    public func openTrades(login: Int) -> [TradeUpdatePayload] {
        guard let account = accountLookup[login] else { return [] }
        return accounts[account].positions.map { openPayload($0, account: account) }.sorted { $0.order < $1.order }
    }

    /// An open order, or one closed recently (the last `recentlyClosedLimit` closes and balance operations).
    public func trade(order: Int) -> TradeUpdatePayload? {
        if let account = openOrders[order],
            let position = accounts[account].positions.first(where: { $0.order == order })
        {
            return openPayload(position, account: account)
        }
        return closedTrades[order]
    }

    private func openPayload(_ position: MarketPosition, account: Int) -> TradeUpdatePayload {
        let (profit, closePrice) = floatingProfit(position)
        return tradePayload(
            position, login: accounts[account].login, kind: .added, closePrice: closePrice, closeTime: nil,
            profit: profit, comment: position.comment)
    }

    public var users: [UserUpdatePayload] {
        accounts.indices.map { userPayload($0, kind: .added) }
    }

    public func user(login: Int) -> UserUpdatePayload? {
        accountLookup[login].map { userPayload($0, kind: .added) }
    }

    public func group(named name: String) -> GroupSettings? {
        groups.first { $0.name == name }
    }

    /// Logins whose client acted in the last 30 minutes (about 40 % are online at the start).
    public var onlineLogins: [Int] {
        accounts.filter { nowSeconds - $0.lastActivity <= 1800 }.map(\.login)
    }
}
