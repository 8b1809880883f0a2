import RuleLanguage

/// The latest known account, symbol and quote data per platform, so rules can read `account.level` in a trade rule
/// or `symbol.contractSize` for a notional. Updated from every event, whether or not a rule listens to it.
final class RelatedState {
    /// An account's identity: its platform and login (the `AccountStore` keeps accounts by it).
    struct LoginKey: Hashable {
        var platform: String
        var login: Double
    }

    /// Hashed by symbol alone: a broker runs a handful of platforms, so equal symbols on two platforms are a rare
    /// collision, while hashing the platform name on every tick cost more than the rest of the lookup.
    struct SymbolKey: KeyHashable {
        var platform: String
        var symbol: String

        func combine(into hash: inout KeyHash) {
            hash.combine(symbol)
        }
    }

    /// A constant: reading a `var` holding a class retained it, on every event.
    private let accountStore: AccountStore
    private(set) var symbols: [SymbolKey: Record] = [:]
    private(set) var quotes: [SymbolKey: Record] = [:]
    /// The account of the event `prefetch` was last given, whose row the next `prefetch` starts loading.
    private var announced: AccountStore.Probe?
    /// The account row `update` merged the latest event into, so `fill` does not look it up again.
    private(set) var lastAccount: Int?
    private let schema: TradingSchema
    private let marginToAccount: [(from: Int, to: Int)]
    private let marginStringsToAccount: [(from: Int, to: Int)]
    private let userToAccount: [(from: Int, to: Int)]
    private let userStringsToAccount: [(from: Int, to: Int)]
    /// The login and symbol slots per stream, resolved once (index: `TradingStream` order).
    private let loginSlots: [Int]
    private let symbolSlots: [Int]

    init(schema: TradingSchema) {
        self.schema = schema
        self.accountStore = AccountStore(layout: schema.accountLayout)
        func mapping(_ stream: TradingStream) -> ([(Int, Int)], [(Int, Int)]) {
            var numbers: [(Int, Int)] = []
            var strings: [(Int, Int)] = []
            for field in schema.layout(stream).fields where !["time", "platform", "kind"].contains(field.name) {
                guard let target = schema.accountLayout.field(named: field.name) else { continue }
                switch (field.storage, target.storage) {
                case (.number(let from), .number(let to)), (.bool(let from), .bool(let to)),
                    (.number(let from), .bool(let to)), (.bool(let from), .number(let to)):
                    numbers.append((from, to))
                case (.string(let from), .string(let to)):
                    strings.append((from, to))
                default:
                    continue
                }
            }
            return (numbers, strings)
        }
        let logins: [TradingStream: Int] = [
            .margin: schema.layout(.margin).numberSlot("login"), .user: schema.layout(.user).numberSlot("login"),
            .trade: schema.layout(.trade).numberSlot("login"),
        ]
        let symbols: [TradingStream: Int] = [
            .trade: schema.layout(.trade).stringSlot("symbol"), .tick: schema.layout(.tick).stringSlot("symbol"),
            .symbol: schema.layout(.symbol).stringSlot("symbol"),
        ]
        // By stream ordinal, read on every event: arrays, not dictionaries (-1: the stream has no such field).
        loginSlots = TradingStream.allCases.map { logins[$0] ?? -1 }
        symbolSlots = TradingStream.allCases.map { symbols[$0] ?? -1 }
        (marginToAccount, marginStringsToAccount) = mapping(.margin)
        (userToAccount, userStringsToAccount) = mapping(.user)
    }

    /// Every known account's record (for snapshots).
    var accounts: [LoginKey: Record] {
        Dictionary(accountStore.all, uniquingKeysWith: { first, _ in first })
    }

    /// Puts back saved accounts, symbols and quotes (after a restart), so rules read them before new events arrive.
    func restore(
        accounts: [LoginKey: Record], symbols: [SymbolKey: Record], quotes: [SymbolKey: Record]
    ) {
        accountStore.removeAll()
        for (key, record) in accounts where !key.login.isNaN {
            accountStore.set(record, at: accountStore.rowCreating(platform: key.platform, login: key.login))
        }
        self.lastAccount = nil
        self.symbols = symbols
        self.quotes = quotes
    }

    /// A hint that `event` is processed after the next one: starts loading its account's table entry, and the row
    /// of the account announced before it. Changes nothing; events not announced work the same.
    func prefetch(_ event: TradingEvent) {
        if let announced {
            accountStore.prefetchRow(announced)
            self.announced = nil
        }
        announced = accountStore.prefetchEntry(platform: event.platform, login: login(of: event))
    }

    /// Takes in an event's data. Call `fill` for the same event next: it reuses the account found here instead of
    /// hashing the login a second time.
    func update(with event: TradingEvent) {
        lastAccount = nil
        switch event.stream {
        case .margin:
            merge(event, numbers: marginToAccount, strings: marginStringsToAccount)
        case .user:
            if event.kind == "deleted" {
                accountStore.remove(platform: event.platform, login: login(of: event))
            } else {
                merge(event, numbers: userToAccount, strings: userStringsToAccount)
            }
        case .tick:
            quotes[symbolKey(event, .tick)] = event.record
        case .symbol:
            let key = symbolKey(event, .symbol)
            symbols[key] = event.kind == "deleted" ? nil : event.record
        case .trade, .platform:
            break
        }
    }

    /// Copies an event's account fields into the account's row, making the row if the account is new.
    private func merge(_ event: TradingEvent, numbers: [(from: Int, to: Int)], strings: [(from: Int, to: Int)]) {
        let login = login(of: event)
        // An event without a login (NaN) belongs to no account; as a key it would never equal itself.
        guard !login.isNaN else { return }
        let row = accountStore.rowCreating(platform: event.platform, login: login)
        accountStore.merge(event.record, into: row, numbers: numbers, strings: strings)
        lastAccount = row
    }

    /// The account row's stamp (see `AccountStore.stamp(of:)`).
    func stamp(ofAccount row: Int) -> Double {
        accountStore.stamp(of: row)
    }

    func setStamp(_ stamp: Double, ofAccount row: Int) {
        accountStore.setStamp(stamp, of: row)
    }

    /// Fills the frame's related records for the event `update` was last called with.
    func fill(_ related: inout [Record?], for event: TradingEvent) {
        switch event.stream {
        case .margin, .user:
            related[TradingSchema.accountSlot] = (lastAccount ?? accountRow(of: event)).map(accountStore.record(at:))
        case .trade:
            related[TradingSchema.accountSlot] = accountRow(of: event).map(accountStore.record(at:))
            let key = symbolKey(event, .trade)
            related[TradingSchema.symbolSlot] = symbols[key]
            related[TradingSchema.quoteSlot] = quotes[key]
        case .tick:
            related[TradingSchema.symbolSlot] = symbols[symbolKey(event, .tick)]
        case .symbol:
            let key = symbolKey(event, .symbol)
            related[TradingSchema.symbolSlot] = symbols[key]
            related[TradingSchema.quoteSlot] = quotes[key]
        case .platform:
            break
        }
    }

    private func accountRow(of event: TradingEvent) -> Int? {
        accountStore.row(platform: event.platform, login: login(of: event))
    }

    /// The event's login: NaN when its stream has none or the event does not say.
    private func login(of event: TradingEvent) -> Double {
        let slot = loginSlots[event.stream.ordinal]
        return slot >= 0 ? event.record.numbers[slot] : .nan
    }

    private func symbolKey(_ event: TradingEvent, _ stream: TradingStream) -> SymbolKey {
        SymbolKey(platform: event.platform, symbol: event.record.strings[symbolSlots[stream.ordinal]])
    }
}
