/// The simulated clients: each unscripted account's client decides now and then (a Poisson process at its own
/// rate, 1 to 25 decisions an hour) what to do: mostly an ordinary order; 1 % of decisions a deposit, 0.5 % a
/// withdrawal, 0.4 % a large order, 0.3 % a scalping session, 0.2 % a burst of orders. Ordinary orders are held for
/// a random time around the client's habit (minutes to hours); nobody sets stops. With the default 50 accounts that
/// is about one burst, one or two scalping sessions and two large orders an hour.
extension MarketModel {
    func scheduleNextDecision(_ account: Int) {
        guard !accounts[account].scripted else { return }
        let rate = accounts[account].profile.decisionsPerHour * configuration.activity
        guard rate > 0, rate.isFinite else { return }
        let wait = min(accounts[account].rng.exponential(mean: 3600 / rate), 1e9)
        tasks.schedule(.decide(account: account), at: currentStep + steps(wait))
    }

    func decide(_ account: Int) {
        guard !accounts[account].scripted else { return }
        defer { scheduleNextDecision(account) }
        guard !accounts[account].profile.favorites.isEmpty else { return }
        let roll = accounts[account].rng.uniform()
        switch roll {
        case ..<0.002:
            let symbol = pickFavorite(account)
            let trades = 20 + accounts[account].rng.below(11)
            scheduleSeries(
                account: account, symbol: symbol, trades: trades,
                duration: accounts[account].rng.uniform(25, 55), style: .burst)
        case ..<0.005:
            let symbol = pickFavorite(account)
            let trades = 5 + accounts[account].rng.below(4)
            scheduleSeries(
                account: account, symbol: symbol, trades: trades,
                duration: accounts[account].rng.uniform(180, 480), style: .scalp)
        case ..<0.015:
            let amount = max(
                100, (accounts[account].balance * accounts[account].rng.uniform(0.1, 0.6) / 100).rounded() * 100)
            accounts[account].lastActivity = nowSeconds
            balanceOperation(account: account, cmd: 6, amount: amount, comment: "Deposit")
        case ..<0.020:
            revalue(account)
            let amount = (accounts[account].free * accounts[account].rng.uniform(0.1, 0.4) / 100).rounded(.down) * 100
            guard amount >= 100 else { return }
            accounts[account].lastActivity = nowSeconds
            balanceOperation(account: account, cmd: 6, amount: -amount, comment: "Withdrawal")
        case ..<0.024:
            openLarge(account)
        default:
            openOrdinary(account)
        }
    }

    /// A symbol from the client's favourites, by weight.
    func pickFavorite(_ account: Int) -> Int {
        let profile = accounts[account].profile
        var pick = accounts[account].rng.uniform() * profile.weights.reduce(0, +)
        for (index, weight) in profile.weights.enumerated() {
            pick -= weight
            if pick < 0 { return profile.favorites[index] }
        }
        return profile.favorites[profile.favorites.count - 1]
    }

    /// The most an ordinary order takes: below what dealing desks call large (see `openLarge`).
    static func ordinaryCap(_ kind: SymbolSpec.Kind) -> Double {
        switch kind {
        case .forex, .index: return 10
        case .metal: return 5
        case .crypto: return 2
        }
    }

    /// An ordinary order: a share of equity as margin, capped by symbol class, keeping the margin level at 200 % or
    /// more.
    private func openOrdinary(_ account: Int) {
        let symbol = pickFavorite(account)
        revalue(account)
        let perLot = marginPerLot(symbol, leverage: accounts[account].leverage)
        let equity = accounts[account].equity
        let share = accounts[account].profile.riskFraction * accounts[account].rng.uniform(0.5, 1.5)
        let room = floorLots((equity / 2 - accounts[account].margin) / perLot)
        var lots = min(floorLots(share * equity / perLot), Self.ordinaryCap(symbolStates[symbol].spec.kind), room)
        if lots < 0.01 {
            guard room >= 0.01 else { return }
            lots = 0.01
        }
        let cmd = accounts[account].rng.below(2)
        let hold = max(5, accounts[account].rng.exponential(mean: accounts[account].profile.holdMean))
        if let order = openPosition(account: account, symbol: symbol, cmd: cmd, lots: lots, comment: "") {
            tasks.schedule(.close(order: order), at: currentStep + steps(hold))
        }
    }

    /// A large order of a size dealing desks watch (50+ lots FX, 10+ gold, 20+ indices, 5+ crypto), or as much
    /// of it as keeps the margin level at 150 %; accounts that cannot afford a whole lot place nothing.
    private func openLarge(_ account: Int) {
        let symbol = pickFavorite(account)
        let sizes: [Double]
        switch symbolStates[symbol].spec.kind {
        case .forex: sizes = [50, 60, 75, 100]
        case .metal: sizes = [10, 15, 20, 30]
        case .index: sizes = [20, 30, 50]
        case .crypto: sizes = [5, 10, 20]
        }
        let target = sizes[accounts[account].rng.below(sizes.count)]
        revalue(account)
        let perLot = marginPerLot(symbol, leverage: accounts[account].leverage)
        let room = ((accounts[account].equity / 1.5 - accounts[account].margin) / perLot).rounded(.down)
        let lots = min(target, room)
        let cmd = accounts[account].rng.below(2)
        let hold = max(30, accounts[account].rng.exponential(mean: accounts[account].profile.holdMean))
        guard lots >= 1 else { return }
        if let order = openPosition(account: account, symbol: symbol, cmd: cmd, lots: lots, comment: "") {
            tasks.schedule(.close(order: order), at: currentStep + steps(hold))
        }
    }

    /// Schedules `trades` orders evenly over `duration`, the first one now.
    func scheduleSeries(
        account: Int, symbol: Int, trades: Int, duration: Double, style: MarketTask.TradeStyle
    ) {
        for index in 0..<max(0, trades) {
            let offset = duration * Double(index) / Double(trades)
            tasks.schedule(
                .open(account: account, symbol: symbol, style: style),
                at: currentStep + Int((offset / stepLength).rounded()))
        }
    }

    /// One order of a burst (small, random side, held one to four minutes) or of a scalping session (up to 5 lots,
    /// in the direction of the last 3 s, closed at the first profit after 1 s or after 55 s).
    func openStyled(account: Int, symbol: Int, style: MarketTask.TradeStyle) {
        revalue(account)
        let perLot = marginPerLot(symbol, leverage: accounts[account].leverage)
        let equity = max(0, accounts[account].equity)
        let lots: Double
        let cmd: Int
        switch style {
        case .burst:
            lots = max(0.01, floorLots(min(1, 0.02 * equity / perLot) * accounts[account].rng.uniform(0.2, 1)))
            cmd = accounts[account].rng.below(2)
        case .scalp:
            lots = max(0.01, floorLots(min(5, 0.1 * equity / perLot) * accounts[account].rng.uniform(0.7, 1)))
            let earlier = symbolStates[symbol].publishedMid(secondsAgo: 3, second: currentStep / stepsPerSecond)
            let momentum = mid(symbol) - earlier
            cmd = momentum > 0 ? 0 : momentum < 0 ? 1 : accounts[account].rng.below(2)
        }
        let hold = accounts[account].rng.uniform(60, 240)
        guard let order = openPosition(account: account, symbol: symbol, cmd: cmd, lots: lots, comment: "") else {
            if accounts[account].scripted {
                let reason = openProblem(account: account, symbol: symbol, lots: lots) ?? "refused"
                reject(
                    .open(
                        login: accounts[account].login, side: cmd == 0 ? .buy : .sell, lots: lots,
                        symbol: symbolStates[symbol].spec.name), reason)
            }
            return
        }
        switch style {
        case .burst:
            tasks.schedule(.close(order: order), at: currentStep + steps(hold))
        case .scalp:
            tasks.schedule(.scalpCheck(order: order, deadline: currentStep + steps(55)), at: currentStep + steps(1))
        }
    }

    func checkScalp(order: Int, deadline: Int) {
        guard let account = openOrders[order],
            let index = accounts[account].positions.firstIndex(where: { $0.order == order })
        else { return }
        if floatingProfit(accounts[account].positions[index]).profit > 0 || currentStep >= deadline {
            closePosition(account: account, index: index, comment: nil)
        } else {
            tasks.schedule(.scalpCheck(order: order, deadline: deadline), at: currentStep + 1)
        }
    }
}
