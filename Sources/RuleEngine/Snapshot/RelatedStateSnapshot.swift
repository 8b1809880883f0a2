import RuleLanguage

/// The latest accounts, symbols and quotes the engine knew, saved so rules that read `account.…` or `symbol.…` work
/// at once after a restart instead of waiting for each account's next update.
public struct RelatedStateSnapshot: Codable, Sendable {
    public struct Account: Codable, Sendable {
        public var platform: String
        public var login: Double
        public var record: RecordSnapshot
    }

    public struct Symbol: Codable, Sendable {
        public var platform: String
        public var symbol: String
        public var record: RecordSnapshot
    }

    public var accounts: [Account]
    public var symbols: [Symbol]
    public var quotes: [Symbol]

    public static let empty = RelatedStateSnapshot(accounts: [], symbols: [], quotes: [])

    /// Sorted, so the same state always encodes to the same bytes.
    init(_ state: RelatedState) {
        func symbols(_ records: [RelatedState.SymbolKey: Record]) -> [Symbol] {
            records.map { Symbol(platform: $0.key.platform, symbol: $0.key.symbol, record: RecordSnapshot($0.value)) }
                .sorted { ($0.platform, $0.symbol) < ($1.platform, $1.symbol) }
        }
        accounts = state.accounts.map {
            Account(platform: $0.key.platform, login: $0.key.login, record: RecordSnapshot($0.value))
        }.sorted { ($0.platform, $0.login) < ($1.platform, $1.login) }
        self.symbols = symbols(state.symbols)
        quotes = symbols(state.quotes)
    }

    init(accounts: [Account], symbols: [Symbol], quotes: [Symbol]) {
        self.accounts = accounts
        self.symbols = symbols
        self.quotes = quotes
    }

    /// Puts the records that fit `schema` back into `state`; returns how many did not.
    func restore(into state: RelatedState, schema: TradingSchema) -> Int {
        var dropped = 0
        func keep<Key: Hashable>(_ entries: [(Key, RecordSnapshot)], _ layout: FieldLayout) -> [Key: Record] {
            var records: [Key: Record] = [:]
            for (key, saved) in entries {
                if saved.fits(layout) { records[key] = saved.record } else { dropped += 1 }
            }
            return records
        }
        state.restore(
            accounts: keep(
                accounts.map { (RelatedState.LoginKey(platform: $0.platform, login: $0.login), $0.record) },
                schema.accountLayout),
            symbols: keep(
                symbols.map { (RelatedState.SymbolKey(platform: $0.platform, symbol: $0.symbol), $0.record) },
                schema.layout(.symbol)),
            quotes: keep(
                quotes.map { (RelatedState.SymbolKey(platform: $0.platform, symbol: $0.symbol), $0.record) },
                schema.layout(.tick)))
        return dropped
    }
}
