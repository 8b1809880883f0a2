import CPluginClient
import Foundation

/// Quotes, valuation and margin: publishing a symbol's quote, the floating profit and margin of positions in USD,
/// an account's equity and margin level, stop-outs, and when a margin event is worth sending.
///
/// Figures are in USD (every group's deposit currency). Profit is counted in the symbol's profit currency and
/// converted at the current mid of the symbol that links it to USD (USDJPY for JPY, GBPUSD for GBP, …): MT4 uses the
/// bid or ask of that symbol depending on the sign, so figures can differ from a real server's by a fraction of the
/// spread. Margin is lots × contract size × mid / leverage in USD (× the symbol's margin factor), which for FX is
/// the base amount over leverage as MT4's Forex mode computes it; hedged positions are margined in full.
extension MarketModel {
    func mid(_ symbol: Int) -> Double {
        (symbolStates[symbol].bid + symbolStates[symbol].ask) / 2
    }

    func conversionRate(_ symbol: Int) -> Double {
        switch conversions[symbol] {
        case .usd: return 1
        case .multiply(let source): return mid(source)
        case .divide(let source): return 1 / mid(source)
        case .fixed(let rate): return rate
        }
    }

    /// USD margin one lot of the symbol ties up at this leverage.
    func marginPerLot(_ symbol: Int, leverage: Int) -> Double {
        let spec = symbolStates[symbol].spec
        return spec.contractSize * mid(symbol) * quoteToUSD[symbol] * spec.marginFactor / Double(max(1, leverage))
    }

    /// Publishes the feed's current price as the symbol's quote (if it changed, or always when forced), sends the
    /// tick, and queues the accounts it revalues.
    func publishQuote(_ symbol: Int, force: Bool) {
        let quote = symbolStates[symbol].quote()
        let previousBid = symbolStates[symbol].bid
        guard force || quote.bid != previousBid || quote.ask != symbolStates[symbol].ask else { return }
        symbolStates[symbol].bid = quote.bid
        symbolStates[symbol].ask = quote.ask
        symbolStates[symbol].quoteTime = nowSeconds
        symbolStates[symbol].high = max(symbolStates[symbol].high, quote.bid)
        symbolStates[symbol].low = min(symbolStates[symbol].low, quote.bid)
        symbolStates[symbol].direction = quote.bid > previousBid ? .up : quote.bid < previousBid ? .down : .none
        emit(.tick(TickPayload(symbol: symbolStates[symbol].spec.name, bid: quote.bid, ask: quote.ask, lastTime: now)))
        for dependent in conversionDependents[symbol] { quoteToUSD[dependent] = conversionRate(dependent) }
        for dependent in valuationDependents[symbol] where !holders[dependent].isEmpty {
            Self.markDirty(holders[dependent], in: &dirtyBits)
            anyDirty = true
        }
    }

    /// A position's floating profit in USD (rounded to cents, as MT4 stores it) and the price it would close at:
    /// bid for a buy, ask for a sell.
    func floatingProfit(_ position: MarketPosition) -> (profit: Double, closePrice: Double) {
        Self.floatingProfit(position, symbols: symbolStates, rates: quoteToUSD)
    }

    /// Recomputes equity (balance + credit + floating profit, commission and swaps), margin, open volume, margin
    /// level (equity / margin × 100, or 0 without margin, as MT4 reports it) and level type.
    func revalue(_ account: Int) {
        Self.revalue(
            &accounts[account], symbols: symbolStates, rates: quoteToUSD, group: groups[accounts[account].group])
    }

    // The two below are static and take what they read as arguments: in the hot path (every holder of a symbol on
    // every tick) that avoids the dynamic exclusivity checks each access to the model's own properties costs.

    static func floatingProfit(
        _ position: MarketPosition, symbols: [SymbolState], rates: [Double]
    ) -> (
        profit: Double, closePrice: Double
    ) {
        let symbol = position.symbol
        let closePrice = position.cmd == 0 ? symbols[symbol].bid : symbols[symbol].ask
        let difference = position.cmd == 0 ? closePrice - position.openPrice : position.openPrice - closePrice
        let profit = difference * position.lots * symbols[symbol].contractSize * rates[symbol]
        return (roundCents(profit), closePrice)
    }

    static func revalue(
        _ account: inout MarketAccount, symbols: [SymbolState], rates: [Double], group: GroupSettings
    ) {
        let leverage = Double(max(1, account.leverage))
        var floating = 0.0
        var margin = 0.0
        var lots = 0.0
        for index in account.positions.indices {
            let symbol = account.positions[index].symbol
            let profit = floatingProfit(account.positions[index], symbols: symbols, rates: rates).profit
            account.positions[index].profit = profit
            floating += profit + account.positions[index].commission + account.positions[index].storage
            let mid = (symbols[symbol].bid + symbols[symbol].ask) / 2
            margin +=
                account.positions[index].lots * symbols[symbol].contractSize * mid * rates[symbol]
                * symbols[symbol].marginFactor / leverage
            lots += account.positions[index].lots
        }
        let equity = roundCents(account.balance + account.credit + floating)
        margin = roundCents(margin)
        let level = margin > 0 ? roundCents(equity / margin * 100) : 0
        account.equity = equity
        account.margin = margin
        account.volumeLots = roundCents(lots)
        account.level = level
        account.levelType = group.levelType(level: level, margin: margin)
    }

    /// Revalues a queued account, stops it out if it is at or below its group's stop-out level, and reports its
    /// margin state if it changed meaningfully. The common case (revalue, nothing to report) is one access to the
    /// account.
    func settle(_ account: Int) {
        let group = groups[accounts[account].group]
        let (stopOut, report) = Self.settle(&accounts[account], symbols: symbolStates, rates: quoteToUSD, group: group)
        if stopOut {
            // The stop-out state goes out first (as MT4's margin pump reports it), then the closes, then the result.
            accounts[account].sentLevel = accounts[account].level
            accounts[account].sentEquity = accounts[account].equity
            accounts[account].sentLevelType = accounts[account].levelType
            emit(.margin(marginPayload(account)))
            stopOutIfNeeded(account)
            reportMargin(account)
        } else if report {
            emit(.margin(marginPayload(account)))
        }
    }

    /// Revalues the account; says whether it must be stopped out and, if not, whether its margin state is to be
    /// reported (and if so records it as sent).
    static func settle(
        _ account: inout MarketAccount, symbols: [SymbolState], rates: [Double], group: GroupSettings
    ) -> (stopOut: Bool, report: Bool) {
        revalue(&account, symbols: symbols, rates: rates, group: group)
        if account.levelType == 2, !account.positions.isEmpty { return (true, false) }
        guard
            account.structural || account.levelType != account.sentLevelType
                || differs(account.level, account.sentLevel) || differs(account.equity, account.sentEquity)
        else { return (false, false) }
        account.structural = false
        account.sentLevel = account.level
        account.sentEquity = account.equity
        account.sentLevelType = account.levelType
        return (false, true)
    }

    /// At or below the group's stop-out level the server closes the position with the largest loss, re-checks, and
    /// goes on until the level is above it or nothing is open, as MT4 does. The close comment is MT4's
    /// `so: level%/equity/margin`.
    func stopOutIfNeeded(_ account: Int) {
        let stopOut = Double(groups[accounts[account].group].marginStopout)
        while accounts[account].margin > 0, accounts[account].level <= stopOut, !accounts[account].positions.isEmpty {
            var worst = 0
            for index in accounts[account].positions.indices
            where accounts[account].positions[index].profit < accounts[account].positions[worst].profit {
                worst = index
            }
            let comment =
                "so: \(Self.fixed(accounts[account].level))%/\(Self.fixed(accounts[account].equity))/"
                + Self.fixed(accounts[account].margin)
            closePosition(account: account, index: worst, comment: comment, byClient: false)
            revalue(account)
        }
    }

    /// Sends the account's margin state if its positions or balance changed, its level type changed, or its level or
    /// equity moved by more than 0.1 % since the last one sent: often enough for rules, without an event per tick
    /// per account.
    func reportMargin(_ account: Int) {
        let changed =
            accounts[account].structural || accounts[account].levelType != accounts[account].sentLevelType
            || Self.differs(accounts[account].level, accounts[account].sentLevel)
            || Self.differs(accounts[account].equity, accounts[account].sentEquity)
        guard changed else { return }
        accounts[account].structural = false
        accounts[account].sentLevel = accounts[account].level
        accounts[account].sentEquity = accounts[account].equity
        accounts[account].sentLevelType = accounts[account].levelType
        emit(.margin(marginPayload(account)))
    }

    func marginPayload(_ account: Int) -> MarginCallPayload {
        let group = groups[accounts[account].group]
        return MarginCallPayload(
            login: accounts[account].login, group: group.name, leverage: accounts[account].leverage,
            updated: Int(nowSeconds.rounded(.down)), balance: accounts[account].balance,
            equity: accounts[account].equity, volumeLots: accounts[account].volumeLots,
            margin: accounts[account].margin, free: roundCents(accounts[account].free), level: accounts[account].level,
            controllingType: group.marginControllingType, levelType: accounts[account].levelType)
    }

    static func differs(_ value: Double, _ reference: Double) -> Bool {
        reference == 0 ? value != 0 : abs(value - reference) > 0.001 * abs(reference)
    }

    /// One decimal, without Foundation's locale-dependent formatting.
    static func fixed(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}

/// Money rounded to cents, as MT4 stores it. Adding and taking away 1.5 × 2^52 rounds to a whole number in the FPU
/// (ties to even), which is exact, portable and much cheaper than libm's `round` in the valuation loop.
func roundCents(_ value: Double) -> Double {
    let scaled = value * 100
    guard abs(scaled) < 0x1p51 else { return scaled.isFinite ? value : 0 }
    return ((scaled + 0x1.8p52) - 0x1.8p52) / 100
}

/// Lots rounded down to the 0.01 lot step.
func floorLots(_ value: Double) -> Double {
    guard value.isFinite, value > 0 else { return 0 }
    return (value * 100 + 1e-9).rounded(.down) / 100
}
