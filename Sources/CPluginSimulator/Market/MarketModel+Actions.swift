/// Carrying out scenario actions, and the reasons the market refuses one (unknown names, not enough money).
extension MarketModel {
    func perform(_ action: ScenarioAction) {
        if let reason = rejectionReason(action) {
            reject(action, reason)
            return
        }
        switch action {
        case .move(let symbol, let change, let duration):
            let index = symbolLookup[symbol]!
            startMove(index, to: symbolStates[index].mid * (1 + change), duration: duration)
        case .moveTo(let symbol, let price, let duration):
            startMove(symbolLookup[symbol]!, to: price, duration: duration)
        case .open(let login, let side, let lots, let symbol):
            openPosition(
                account: accountLookup[login]!, symbol: symbolLookup[symbol]!, cmd: side == .buy ? 0 : 1, lots: lots,
                comment: "")
        case .close(let login, let symbol):
            let account = accountLookup[login]!
            let wanted = symbol.flatMap { symbolLookup[$0] }
            while let index = accounts[account].positions.firstIndex(where: { wanted == nil || $0.symbol == wanted }) {
                closePosition(account: account, index: index, comment: nil)
            }
        case .stopQuotes(let symbol):
            symbolStates[symbolLookup[symbol]!].quotesStopped = true
        case .resumeQuotes(let symbol):
            let index = symbolLookup[symbol]!
            guard symbolStates[index].quotesStopped else { return }
            symbolStates[index].quotesStopped = false
            publishQuote(index, force: true)
        case .deposit(let login, let amount):
            balanceOperation(account: accountLookup[login]!, cmd: 6, amount: amount, comment: "Deposit")
        case .withdraw(let login, let amount):
            balanceOperation(account: accountLookup[login]!, cmd: 6, amount: -amount, comment: "Withdrawal")
        case .credit(let login, let amount):
            balanceOperation(
                account: accountLookup[login]!, cmd: 7, amount: amount,
                comment: amount >= 0 ? "Credit in" : "Credit out")
        case .burst(let login, let trades, let symbol, let duration):
            scheduleSeries(
                account: accountLookup[login]!, symbol: symbolLookup[symbol]!, trades: trades, duration: duration,
                style: .burst)
        case .scalp(let login, let trades, let symbol, let duration):
            scheduleSeries(
                account: accountLookup[login]!, symbol: symbolLookup[symbol]!, trades: trades, duration: duration,
                style: .scalp)
        case .widenSpread(let symbol, let factor, let duration):
            let index = symbolLookup[symbol]!
            symbolStates[index].scriptedWiden = factor
            symbolStates[index].scriptedWidenUntil = currentStep + steps(duration)
            symbolStates[index].forceTick = true
        case .pumpDown(let duration):
            pumpGeneration += 1
            setPump(connected: false)
            if let duration { tasks.schedule(.pumpUp(generation: pumpGeneration), at: currentStep + steps(duration)) }
        case .pumpUp:
            pumpGeneration += 1
            setPump(connected: true)
        }
    }

    private func startMove(_ symbol: Int, to target: Double, duration: Double) {
        let count = steps(duration)
        symbolStates[symbol].movePerStep = (target - symbolStates[symbol].mid) / Double(count)
        symbolStates[symbol].moveStepsLeft = count
    }

    func rejectionReason(_ action: ScenarioAction) -> String? {
        if let symbol = action.symbol, symbolLookup[symbol] == nil {
            let known = symbolStates.map(\.spec.name).joined(separator: ", ")
            return "unknown symbol '\(symbol)': this market simulates \(known)"
        }
        if let login = action.login, accountLookup[login] == nil {
            return "no account \(login) (logins are \(accounts.first?.login ?? 0)…\(accounts.last?.login ?? 0))"
        }
        switch action {
        case .move(_, let change, let duration):
            guard change.isFinite, change > -1 else { return "a move must leave a positive price" }
            return durationProblem(duration)
        case .moveTo(_, let price, let duration):
            guard price.isFinite, price > 0 else { return "a price must be positive" }
            return durationProblem(duration)
        case .open(let login, _, let lots, let symbol):
            guard lots.isFinite, lots >= 0.01, lots <= 100_000 else { return "volume must be 0.01 to 100000 lots" }
            return openProblem(account: accountLookup[login]!, symbol: symbolLookup[symbol]!, lots: lots)
        case .close(let login, let symbol):
            let account = accountLookup[login]!
            let wanted = symbol.flatMap { symbolLookup[$0] }
            guard accounts[account].positions.contains(where: { wanted == nil || $0.symbol == wanted }) else {
                return "\(login) has no open \(symbol.map { "\($0) " } ?? "")positions"
            }
            return nil
        case .deposit(_, let amount):
            return amount.isFinite && amount > 0 ? nil : "an amount must be positive"
        case .withdraw(let login, let amount):
            guard amount.isFinite, amount > 0 else { return "an amount must be positive" }
            let account = accountLookup[login]!
            revalue(account)
            guard amount <= accounts[account].free else {
                return "not enough money: free margin of \(login) is \(Self.fixed(accounts[account].free))"
            }
            return nil
        case .credit(let login, let amount):
            guard amount.isFinite, amount != 0 else { return "an amount must not be zero" }
            let credit = accounts[accountLookup[login]!].credit
            return credit + amount >= 0 ? nil : "\(login) has only \(Self.fixed(credit)) credit"
        case .burst(_, let trades, _, let duration), .scalp(_, let trades, _, let duration):
            guard (1...10_000).contains(trades) else { return "trades must be 1 to 10000" }
            return duration.isFinite && duration >= 0 ? nil : "a duration must not be negative"
        case .widenSpread(_, let factor, let duration):
            guard factor.isFinite, factor >= 1, factor <= 1000 else { return "a spread factor must be 1 to 1000" }
            return durationProblem(duration)
        case .pumpDown(let duration):
            return duration.flatMap(durationProblem)
        case .stopQuotes, .resumeQuotes, .pumpUp:
            return nil
        }
    }

    private func durationProblem(_ duration: Double) -> String? {
        duration.isFinite && duration >= 0 && duration <= 365 * 86_400 ? nil : "a duration must be 0 s to a year"
    }
}
