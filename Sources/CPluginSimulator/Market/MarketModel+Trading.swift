import CPluginClient
import Foundation

/// Orders and balance operations as the MT4 server records them, with the trade and user events it sends.
extension MarketModel {
    /// Why the account cannot open this order now (MT4's "not enough money"), or nil.
    func openProblem(account: Int, symbol: Int, lots: Double) -> String? {
        revalue(account)
        let needed = lots * marginPerLot(symbol, leverage: accounts[account].leverage)
        let free = accounts[account].free
        guard free - needed >= 0 else {
            return "not enough money: \(Self.fixed(lots)) lots \(symbolStates[symbol].spec.name) need "
                + "\(Self.fixed(needed)) USD margin, free margin is \(Self.fixed(free))"
        }
        return nil
    }

    /// Opens a market order at the current quote (ask for buy, bid for sell) and sends it as an added trade, or
    /// returns nil when the free margin would go negative.
    @discardableResult
    func openPosition(account: Int, symbol: Int, cmd: Int, lots requested: Double, comment: String) -> Int? {
        let lots = (requested * 100).rounded() / 100
        guard lots >= 0.01, openProblem(account: account, symbol: symbol, lots: lots) == nil else { return nil }
        let price = cmd == 0 ? symbolStates[symbol].ask : symbolStates[symbol].bid
        let order = nextOrder
        nextOrder += 1
        var position = MarketPosition(
            order: order, symbol: symbol, cmd: cmd, lots: lots, openPrice: price, openTime: nowSeconds,
            commission: roundCents(-groups[accounts[account].group].commissionPerLot * lots), storage: 0,
            comment: comment)
        let (profit, closePrice) = floatingProfit(position)
        position.profit = profit
        addPosition(account, position)
        accounts[account].lastActivity = nowSeconds
        emit(
            .trade(
                tradePayload(
                    position, login: accounts[account].login, kind: .added, closePrice: closePrice, closeTime: nil,
                    profit: profit, comment: comment)))
        markDirty(account, structural: true)
        return order
    }

    /// Closes an open position at the current quote: its profit, commission and swaps go to the balance, and the
    /// trade is sent as deleted (with close price, time and profit), followed by the user's new balance.
    func closePosition(account: Int, index: Int, comment: String?, byClient: Bool = true) {
        let position = accounts[account].positions[index]
        let (profit, closePrice) = floatingProfit(position)
        removePosition(account, index)
        accounts[account].balance = roundCents(
            accounts[account].balance + profit + position.commission + position.storage)
        if byClient { accounts[account].lastActivity = nowSeconds }
        let payload = tradePayload(
            position, login: accounts[account].login, kind: .deleted, closePrice: closePrice, closeTime: now,
            profit: profit, comment: comment ?? position.comment)
        remember(payload)
        emit(.trade(payload))
        emit(.user(userPayload(account, kind: .updated)))
        markDirty(account, structural: true)
    }

    /// A balance (cmd 6) or credit (cmd 7) operation. MT4 writes it straight into the history as a closed trade
    /// record whose profit is the amount (open and close time now, no symbol), and its pump reports that record as
    /// an added trade, with no deleted event after it; then the user's new balance or credit.
    func balanceOperation(account: Int, cmd: Int, amount: Double, comment: String) {
        if cmd == 6 {
            accounts[account].balance = roundCents(accounts[account].balance + amount)
        } else {
            accounts[account].credit = roundCents(accounts[account].credit + amount)
        }
        let order = nextOrder
        nextOrder += 1
        let payload = TradeUpdatePayload(
            kind: .added, order: order, login: accounts[account].login, symbol: "", cmd: cmd, volumeLots: 0,
            openPrice: 0, openTime: now, closePrice: 0, closeTime: now, profit: roundCents(amount), comment: comment)
        remember(payload)
        emit(.trade(payload))
        emit(.user(userPayload(account, kind: .updated)))
        markDirty(account, structural: true)
    }

    func addPosition(_ account: Int, _ position: MarketPosition) {
        accounts[account].positions.append(position)
        accounts[account].symbolCounts[position.symbol] += 1
        if accounts[account].symbolCounts[position.symbol] == 1 { holders[position.symbol].append(account) }
        openOrders[position.order] = account
    }

    func removePosition(_ account: Int, _ index: Int) {
        let position = accounts[account].positions.remove(at: index)
        accounts[account].symbolCounts[position.symbol] -= 1
        if accounts[account].symbolCounts[position.symbol] == 0,
            let slot = holders[position.symbol].firstIndex(of: account)
        {
            holders[position.symbol].swapAt(slot, holders[position.symbol].count - 1)
            holders[position.symbol].removeLast()
        }
        openOrders[position.order] = nil
    }

    /// Keeps a closed trade findable by `trade(order:)`, forgetting the oldest beyond the configured limit.
    func remember(_ payload: TradeUpdatePayload) {
        let limit = max(1, configuration.recentlyClosedLimit)
        closedTrades[payload.order] = payload
        if closedRing.count < limit {
            closedRing.append(payload.order)
        } else {
            closedTrades[closedRing[closedRingHead]] = nil
            closedRing[closedRingHead] = payload.order
            closedRingHead = (closedRingHead + 1) % limit
        }
    }

    func tradePayload(
        _ position: MarketPosition, login: Int, kind: UpdateKind, closePrice: Double, closeTime: Date?, profit: Double,
        comment: String
    ) -> TradeUpdatePayload {
        TradeUpdatePayload(
            kind: kind, order: position.order, login: login, symbol: symbolStates[position.symbol].spec.name,
            cmd: position.cmd, volumeLots: position.lots, openPrice: position.openPrice,
            openTime: Date(timeIntervalSince1970: position.openTime), closePrice: closePrice, closeTime: closeTime,
            commission: position.commission, storage: position.storage, profit: profit, comment: comment)
    }

    func userPayload(_ account: Int, kind: UpdateKind) -> UserUpdatePayload {
        let record = accounts[account]
        let lastDate = record.lastActivity > record.registered ? record.lastActivity : record.registered
        return UserUpdatePayload(
            kind: kind, login: record.login, group: groups[record.group].name, name: record.name,
            country: record.country, leverage: record.leverage, balance: record.balance, credit: record.credit,
            regDate: Date(timeIntervalSince1970: record.registered), lastDate: Date(timeIntervalSince1970: lastDate),
            email: record.email, phone: record.phone, comment: record.comment)
    }
}
