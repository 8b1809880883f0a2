import RuleLanguage

/// The latest known account, symbol and quote data per platform, so rules can read `account.level` in a trade rule
/// or `symbol.contractSize` for a notional. Updated from every event, whether or not a rule listens to it.
final class RelatedState {
    /// An account's identity: its platform and login (the `AccountStore` keeps accounts by it).
    struct LoginKey: Hashable {
        var platform: String
        var login: Double
    }

    /// An instrument's identity, for snapshots.
    struct SymbolKey: Hashable {
        var platform: String
        var symbol: String
    }

    /// A constant: reading a `var` holding a class retained it, on every event.
    private let accountStore: AccountStore
    /// Instruments by platform and symbol. Their keys are hashed by symbol alone: a broker runs a handful of
    /// platforms, so equal symbols on two platforms are a rare collision.
    private let symbolTable = KeyTable<SymbolEntry>()
    /// The account of the event `prefetch` was last given, whose row the next `prefetch` starts loading.
    private var announced: AccountStore.Probe?
    /// The account row `update` merged the latest event into, so `fill` does not look it up again.
    private(set) var lastAccount: Int?
    /// The instrument `update` found for the latest tick, trade or symbol event, so `fill` and the engine (candidate
    /// lists, keys `by symbol`) do not look it up again.
    private(set) var lastSymbol: SymbolEntry?
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

    /// Every known instrument's settings (for snapshots).
    var symbols: [SymbolKey: Record] {
        records(\.settings)
    }

    /// Every known instrument's latest quote (for snapshots).
    var quotes: [SymbolKey: Record] {
        records(\.quote)
    }

    private func records(_ field: KeyPath<SymbolEntry, Record?>) -> [SymbolKey: Record] {
        var records: [SymbolKey: Record] = [:]
        for entry in symbolTable.values {
            if let record = entry[keyPath: field] {
                records[SymbolKey(platform: entry.platform, symbol: entry.symbol)] = record
            }
        }
        return records
    }

    /// Puts back saved accounts, symbols and quotes (after a restart), so rules read them before new events arrive.
    func restore(
        accounts: [LoginKey: Record], symbols: [SymbolKey: Record], quotes: [SymbolKey: Record]
    ) {
        accountStore.removeAll()
        for (key, record) in accounts where !key.login.isNaN {
            accountStore.set(record, at: accountStore.rowCreating(platform: key.platform, login: key.login))
        }
        lastAccount = nil
        lastSymbol = nil
        symbolTable.removeAll()
        for (key, record) in symbols { symbolEntry(platform: key.platform, symbol: key.symbol).settings = record }
        for (key, record) in quotes { symbolEntry(platform: key.platform, symbol: key.symbol).quote = record }
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
        lastSymbol = nil
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
            let entry = symbolEntry(of: event)
            entry.quote = event.record
            lastSymbol = entry
        case .symbol:
            let entry = symbolEntry(of: event)
            entry.settings = event.kind == "deleted" ? nil : event.record
            lastSymbol = entry
        case .trade:
            lastSymbol = symbolEntry(of: event)
        case .platform:
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

    /// Whether `update` finds the instrument of events of `stream` (`lastSymbol`).
    func findsSymbol(of stream: TradingStream) -> Bool {
        symbolSlots[stream.ordinal] >= 0
    }

    /// The account row's stamp (see `AccountStore.stamp(of:)`).
    func stamp(ofAccount row: Int) -> Double {
        accountStore.stamp(of: row)
    }

    func setStamp(_ stamp: Double, ofAccount row: Int) {
        accountStore.setStamp(stamp, of: row)
    }

    /// The account row's live hint (see `AccountStore.liveHint(of:)`).
    func liveHint(ofAccount row: Int) -> Double {
        accountStore.liveHint(of: row)
    }

    func setLiveHint(_ hint: Double, ofAccount row: Int) {
        accountStore.setLiveHint(hint, of: row)
    }

    /// The row of a known account.
    func accountRow(platform: String, login: Double) -> Int? {
        accountStore.row(platform: platform, login: login)
    }

    /// Fills the frame's related records for the event `update` was last called with.
    func fill(_ related: inout [Record?], for event: TradingEvent) {
        switch event.stream {
        case .margin, .user:
            related[TradingSchema.accountSlot] = (lastAccount ?? accountRow(of: event)).map(accountStore.record(at:))
        case .trade:
            related[TradingSchema.accountSlot] = accountRow(of: event).map(accountStore.record(at:))
            related[TradingSchema.symbolSlot] = lastSymbol?.settings
            related[TradingSchema.quoteSlot] = lastSymbol?.quote
        case .tick:
            related[TradingSchema.symbolSlot] = lastSymbol?.settings
        case .symbol:
            related[TradingSchema.symbolSlot] = lastSymbol?.settings
            related[TradingSchema.quoteSlot] = lastSymbol?.quote
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

    /// The entry of the event's instrument, made if it is new (events of a stream with a symbol only).
    private func symbolEntry(of event: TradingEvent) -> SymbolEntry {
        symbolEntry(platform: event.platform, symbol: event.record.strings[symbolSlots[event.stream.ordinal]])
    }

    private func symbolEntry(platform: String, symbol: String) -> SymbolEntry {
        let key = EntityKey(platform: platform, first: .string(symbol))
        if let entry = symbolTable[key] { return entry }
        let entry = SymbolEntry(entity: key)
        symbolTable.insert(entry)
        return entry
    }
}
