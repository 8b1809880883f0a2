import RuleLanguage

/// The latest known account, symbol and quote data per platform, so rules can read `account.level` in a trade rule
/// or `symbol.contractSize` for a notional. Updated from every event, whether or not a rule listens to it.
final class RelatedState {
    /// Hashed by login alone: a broker runs a handful of platforms, so equal logins on two platforms are a rare
    /// collision, while hashing the platform name on every event cost more than the rest of the lookup.
    struct LoginKey: Hashable {
        var platform: String
        var login: Double

        func hash(into hasher: inout Hasher) {
            hasher.combine(login)
        }
    }

    /// Hashed by symbol alone, like `LoginKey`.
    struct SymbolKey: Hashable {
        var platform: String
        var symbol: String

        func hash(into hasher: inout Hasher) {
            hasher.combine(symbol)
        }
    }

    private(set) var accounts: [LoginKey: Record] = [:]
    private(set) var symbols: [SymbolKey: Record] = [:]
    private(set) var quotes: [SymbolKey: Record] = [:]
    /// The account `update` merged the latest event into, so `fill` does not look it up again.
    private var lastAccount: Dictionary<LoginKey, Record>.Index?
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

    /// Puts back saved accounts, symbols and quotes (after a restart), so rules read them before new events arrive.
    func restore(
        accounts: [LoginKey: Record], symbols: [SymbolKey: Record], quotes: [SymbolKey: Record]
    ) {
        self.accounts = accounts
        self.lastAccount = nil
        self.symbols = symbols
        self.quotes = quotes
    }

    /// Takes in an event's data. Call `fill` for the same event next: it reuses the account found here instead of
    /// hashing the login a second time.
    func update(with event: TradingEvent) {
        lastAccount = nil
        let record = event.record
        switch event.stream {
        case .margin:
            merge(record, numbers: marginToAccount, strings: marginStringsToAccount, key: loginKey(event, .margin))
        case .user:
            if event.kind == "deleted" {
                accounts[loginKey(event, .user)] = nil
            } else {
                merge(record, numbers: userToAccount, strings: userStringsToAccount, key: loginKey(event, .user))
            }
        case .tick:
            quotes[symbolKey(event, .tick)] = record
        case .symbol:
            let key = symbolKey(event, .symbol)
            symbols[key] = event.kind == "deleted" ? nil : record
        case .trade, .platform:
            break
        }
    }

    /// Copies an event's account fields into the account's record, changed in place through its dictionary index
    /// (one hash lookup, no copy of the record's arrays written back).
    private func merge(
        _ record: Record, numbers: [(from: Int, to: Int)], strings: [(from: Int, to: Int)], key: LoginKey
    ) {
        // An event without a login (NaN) belongs to no account; as a key it would never equal itself.
        guard !key.login.isNaN else { return }
        let index: Dictionary<LoginKey, Record>.Index
        if let found = accounts.index(forKey: key) {
            index = found
        } else {
            accounts[key] = schema.accountLayout.emptyRecord()
            index = accounts.index(forKey: key)!
        }
        func apply(_ account: inout Record) {
            for (from, to) in numbers where !record.numbers[from].isNaN {
                account.numbers[to] = record.numbers[from]
            }
            for (from, to) in strings where !record.strings[from].isEmpty && account.strings[to] != record.strings[from]
            {
                account.strings[to] = record.strings[from]
            }
            account.numbers[FieldLayout.timeSlot] = record.numbers[FieldLayout.timeSlot]
            if account.strings[FieldLayout.platformSlot] != record.strings[FieldLayout.platformSlot] {
                account.strings[FieldLayout.platformSlot] = record.strings[FieldLayout.platformSlot]
            }
        }
        apply(&accounts.values[index])
        lastAccount = index
    }

    /// Fills the frame's related records for the event `update` was last called with.
    func fill(_ related: inout [Record?], for event: TradingEvent) {
        switch event.stream {
        case .margin, .user:
            if let lastAccount {
                related[TradingSchema.accountSlot] = accounts.values[lastAccount]
            } else {
                related[TradingSchema.accountSlot] = accounts[loginKey(event, event.stream)]
            }
        case .trade:
            related[TradingSchema.accountSlot] = accounts[loginKey(event, .trade)]
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

    private func loginKey(_ event: TradingEvent, _ stream: TradingStream) -> LoginKey {
        LoginKey(platform: event.platform, login: event.record.numbers[loginSlots[stream.ordinal]])
    }

    private func symbolKey(_ event: TradingEvent, _ stream: TradingStream) -> SymbolKey {
        SymbolKey(platform: event.platform, symbol: event.record.strings[symbolSlots[stream.ordinal]])
    }
}
