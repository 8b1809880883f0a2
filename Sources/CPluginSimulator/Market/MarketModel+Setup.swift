import Foundation

/// Building the initial market: the simulated symbols and their first quotes, the accounts, and the positions the
/// simulated clients already hold at the start. No events are sent for the initial state; it is what the REST
/// snapshots show before the first step.
extension MarketModel {
    /// Groups by login, repeating every ten logins: mostly real accounts, some VIP and demo.
    static let groupPattern = [
        "real-std", "real-std", "real-ecn", "real-std", "vip-pro", "real-ecn", "demo-std", "real-std", "real-ecn",
        "demo-std",
    ]
    static let firstNames = [
        "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Laura",
        "Marco", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Stefan", "Tariq", "Uma", "Victor", "Wen", "Yusuf",
    ]
    static let lastNames = [
        "Adams", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ivanova", "Jansen", "Kowalski",
        "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber", "Yilmaz", "Zhang",
    ]
    static let countries = [
        "United Kingdom", "Germany", "France", "Spain", "Italy", "Poland", "Netherlands", "Cyprus",
        "United Arab Emirates",
        "Singapore", "South Africa", "Brazil", "Japan", "Australia",
    ]

    func buildSymbols() {
        var chosen = Array(0..<min(max(0, configuration.symbols), SymbolSpec.catalog.count))
        for name in scenario.symbols {
            if let index = SymbolSpec.index(named: name), !chosen.contains(index) { chosen.append(index) }
        }
        chosen.sort()
        for catalogIndex in chosen {
            let spec = SymbolSpec.catalog[catalogIndex]
            // Keyed by catalog position, so a symbol's prices do not depend on how many others are simulated.
            var rng = SplitMix64.derived(seed: configuration.seed, domain: 1, index: UInt64(catalogIndex))
            let mid = spec.referenceMid * (1 + 0.002 * rng.normal())
            var state = SymbolState(spec: spec, rng: rng, mid: mid, time: startSeconds)
            let quote = state.quote()
            state.bid = quote.bid
            state.ask = quote.ask
            state.high = quote.bid
            state.low = quote.bid
            state.history = Array(repeating: (quote.bid + quote.ask) / 2, count: 16)
            symbolLookup[spec.name] = symbolStates.count
            symbolStates.append(state)
        }
        let count = symbolStates.count
        conversions = symbolStates.map { conversion(for: $0.spec) }
        conversionDependents = Array(repeating: [], count: count)
        for (index, conversion) in conversions.enumerated() {
            switch conversion {
            case .multiply(let source), .divide(let source): conversionDependents[source].append(index)
            case .usd, .fixed: break
            }
        }
        valuationDependents = (0..<count).map { source in
            [source] + conversionDependents[source].filter { $0 != source }
        }
        holders = Array(repeating: [], count: count)
        quoteToUSD = (0..<count).map { conversionRate($0) }
    }

    /// Profit currency to USD: USD as is; otherwise through XXXUSD or USDXXX if simulated, else at the catalog's
    /// reference rate (an approximation that only matters for crosses and non-USD indices).
    func conversion(for spec: SymbolSpec) -> Conversion {
        let currency = spec.quote
        if currency == "USD" { return .usd }
        if let index = symbolLookup[currency + "USD"] { return .multiply(index) }
        if let index = symbolLookup["USD" + currency] { return .divide(index) }
        if let index = SymbolSpec.index(named: currency + "USD") {
            return .fixed(SymbolSpec.catalog[index].referenceMid)
        }
        if let index = SymbolSpec.index(named: "USD" + currency) {
            return .fixed(1 / SymbolSpec.catalog[index].referenceMid)
        }
        return .usd
    }

    func buildAccounts() {
        var logins = (0..<max(0, configuration.accounts)).map { configuration.firstLogin + $0 }
        let configured = Set(logins)
        for login in scenario.logins where !configured.contains(login) && !logins.contains(login) {
            logins.append(login)
        }
        logins.sort()
        var scripts: [Int: Scenario.Account] = [:]
        for account in scenario.accounts { scripts[account.login] = account }
        for login in logins {
            accountLookup[login] = accounts.count
            accounts.append(makeAccount(login: login, script: scripts[login]))
        }
        dirtyBits = Array(repeating: 0, count: (accounts.count + 63) / 64)
        for index in accounts.indices {
            seedPositions(index)
            revalue(index)
            accounts[index].sentEquity = accounts[index].equity
            accounts[index].sentLevel = accounts[index].level
            accounts[index].sentLevelType = accounts[index].levelType
            scheduleNextDecision(index)
        }
    }

    func defaultGroup(for login: Int) -> String {
        let pattern = Self.groupPattern
        let offset = login - configuration.firstLogin
        return pattern[((offset % pattern.count) + pattern.count) % pattern.count]
    }

    private func makeAccount(login: Int, script: Scenario.Account?) -> MarketAccount {
        // Keyed by login, so an account does not change when others are added.
        var rng = SplitMix64.derived(seed: configuration.seed, domain: 2, index: UInt64(bitPattern: Int64(login)))
        let groupName = script?.group ?? defaultGroup(for: login)
        let group = groups.firstIndex { $0.name == groupName } ?? 0
        let settings = groups[group]
        let first = Self.firstNames[rng.below(Self.firstNames.count)]
        let last = Self.lastNames[rng.below(Self.lastNames.count)]
        let country = Self.countries[rng.below(Self.countries.count)]
        let phone = "+44 20 7946 \(1000 + rng.below(9000))"
        let registered = (startSeconds - rng.uniform(30, 1500) * 86_400).rounded(.down)
        let u = rng.uniform()
        var balance: Double
        var leverage = settings.defaultLeverage
        switch settings.name {
        case "real-ecn": balance = 10_000 + 240_000 * u * u
        case "vip-pro": balance = 100_000 + 1_900_000 * u * u
        case "demo-std": balance = [5000, 10_000, 50_000, 100_000][rng.below(4)] * (0.6 + 0.8 * u)
        default:
            balance = 1000 + 49_000 * u * u
            let choice = rng.uniform()
            leverage = choice < 0.1 ? 500 : choice < 0.3 ? 200 : leverage
        }
        balance = roundCents(balance)
        let credit = rng.chance(0.05) ? 500.0 : 0
        let online = rng.chance(0.4)
        let profile = makeProfile(&rng, scripted: script != nil)
        return MarketAccount(
            login: login, name: script?.name ?? "\(first) \(last)", country: country,
            email: "\(first.lowercased()).\(last.lowercased()).\(login)@example.com", phone: phone, comment: "",
            registered: registered, group: group, leverage: script?.leverage ?? leverage,
            balance: script?.balance ?? balance, credit: script.map { $0.credit ?? 0 } ?? credit,
            symbolCounts: Array(repeating: 0, count: symbolStates.count), scripted: script != nil, rng: rng,
            profile: profile, lastActivity: online ? startSeconds : -1e18)
    }

    private func makeProfile(_ rng: inout SplitMix64, scripted: Bool) -> MarketAccount.Profile {
        let u = rng.uniform()
        let holds: [Double] = [120, 300, 900, 1800, 3600, 7200, 14_400]
        let hold = holds[rng.below(holds.count)] * rng.uniform(0.7, 1.3)
        let risk = rng.uniform(0.02, 0.12)
        var favorites: [Int] = []
        var weights: [Double] = []
        let wanted = min(symbolStates.count, 1 + rng.below(4))
        while favorites.count < wanted {
            var total = 0.0
            for index in symbolStates.indices where !favorites.contains(index) {
                total += symbolStates[index].spec.popularity
            }
            var pick = rng.uniform() * total
            for index in symbolStates.indices where !favorites.contains(index) {
                pick -= symbolStates[index].spec.popularity
                if pick < 0 || index == symbolStates.count - 1 {
                    favorites.append(index)
                    weights.append(symbolStates[index].spec.popularity * rng.uniform(0.5, 1.5))
                    break
                }
            }
        }
        return MarketAccount.Profile(
            decisionsPerHour: scripted ? 0 : 1 + 24 * u * u, riskFraction: risk, holdMean: hold, favorites: favorites,
            weights: weights)
    }

    /// Positions the client opened before the start (up to five days ago, at nearby prices), sized so the account
    /// starts well above margin call.
    private func seedPositions(_ account: Int) {
        guard !accounts[account].scripted, !accounts[account].profile.favorites.isEmpty else { return }
        let counts = [0, 0, 1, 1, 2, 2, 3, 4]
        let count = counts[accounts[account].rng.below(counts.count)]
        let balance = accounts[account].balance
        let leverage = accounts[account].leverage
        let cap = min(0.35, 30 / Double(max(1, leverage))) * balance
        var used = 0.0
        let commissionPerLot = groups[accounts[account].group].commissionPerLot
        for _ in 0..<count {
            let symbol = pickFavorite(account)
            let perLot = marginPerLot(symbol, leverage: leverage)
            var lots = floorLots(
                accounts[account].profile.riskFraction * balance * accounts[account].rng.uniform(0.5, 1.5) / perLot)
            lots = min(lots, Self.ordinaryCap(symbolStates[symbol].spec.kind), floorLots((cap - used) / perLot))
            let cmd = accounts[account].rng.below(2)
            let spec = symbolStates[symbol].spec
            let openPrice = PortableMath.round(
                symbolStates[symbol].mid * (1 + 0.001 * accounts[account].rng.normal()), digits: spec.digits)
            let age = accounts[account].rng.uniform(120, 5 * 86_400)
            let rollovers = (age / 86_400).rounded(.down)
            let storage = roundCents(-lots * accounts[account].rng.uniform(0, 4) * rollovers)
            let hold = max(5, accounts[account].rng.exponential(mean: accounts[account].profile.holdMean))
            guard lots >= 0.01 else { continue }
            let order = nextOrder
            nextOrder += 1
            addPosition(
                account,
                MarketPosition(
                    order: order, symbol: symbol, cmd: cmd, lots: lots, openPrice: openPrice,
                    openTime: (startSeconds - age).rounded(.down), commission: roundCents(-commissionPerLot * lots),
                    storage: storage, comment: ""))
            used += lots * perLot
            tasks.schedule(.close(order: order), at: steps(hold))
        }
    }
}
