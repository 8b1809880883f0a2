import RuleLanguage

/// The trading schema rules are checked against: the CPlugin payload fields of each stream (in CPlugin's names),
/// the derived fields a risk manager thinks in, and the related state (`account.*`, `symbol.*`, `quote.*`).
public struct TradingSchema: Sendable {
    public static let shared = TradingSchema()

    public let layouts: [TradingStream: FieldLayout]
    /// The latest margin and user data per login, read as `account.*`.
    public let accountLayout: FieldLayout
    public let language: LanguageSchema

    public static let accountSlot = 0
    public static let symbolSlot = 1
    public static let quoteSlot = 2
    public static let namespaceCount = 3

    public func layout(_ stream: TradingStream) -> FieldLayout { layouts[stream]! }

    init() {
        let money = ValueType.numeric(.money)
        let price = ValueType.numeric(.price)
        let number = ValueType.numeric(.number)
        let lots = ValueType.numeric(.lots)
        let timestamp = ValueType.numeric(.timestamp)
        let percent = ValueType.numeric(.percent)
        var layouts: [TradingStream: FieldLayout] = [:]
        layouts[.margin] = FieldLayout(
            [
                ("login", number, "the account's MT4 login"),
                ("group", .string, "the account's group"),
                ("leverage", number, "the account's leverage (100 for 1:100)"),
                ("updated", timestamp, "when the server computed this margin state"),
                ("balance", money, "balance"),
                ("equity", money, "equity: balance plus floating profit"),
                ("volumeLots", lots, "open volume in lots"),
                ("margin", money, "margin in use"),
                ("free", money, "free margin"),
                ("level", percent, "margin level: equity / margin × 100%"),
                ("controllingType", number, "how the group controls margin: 0 percent, 1 currency"),
                ("levelType", number, "0 ok, 1 margin call, 2 stop out"),
            ], partitions: ["group"])
        layouts[.trade] = FieldLayout(
            [
                ("order", number, "the ticket"),
                ("login", number, "the account's login"),
                ("symbol", .string, "the instrument"),
                ("cmd", number, "MT4 OP_* code: 0 buy, 1 sell, 2–5 pending, 6 balance, 7 credit"),
                ("volumeLots", lots, "volume in lots"),
                ("openPrice", price, "open price"),
                ("openTime", timestamp, "open time"),
                ("sl", price, "stop loss"),
                ("tp", price, "take profit"),
                ("closePrice", price, "close price (current price while open)"),
                ("closeTime", timestamp, "close time; unset while open"),
                ("commission", money, "commission"),
                ("storage", money, "swap"),
                ("profit", money, "profit; the amount for balance and credit operations"),
                ("taxes", money, "taxes"),
                ("comment", .string, "the trade's comment"),
            ], partitions: ["symbol"])
        layouts[.tick] = FieldLayout(
            [
                ("symbol", .string, "the instrument"),
                ("bid", price, "bid"),
                ("ask", price, "ask"),
                ("lastTime", timestamp, "the server's time of the quote"),
            ], partitions: ["symbol"])
        layouts[.user] = FieldLayout(
            [
                ("login", number, "the account's login"),
                ("group", .string, "group"),
                ("name", .string, "the client's name"),
                ("country", .string, "country"),
                ("leverage", number, "leverage"),
                ("balance", money, "balance"),
                ("credit", money, "credit"),
                ("enabled", .bool, "whether the account may connect"),
                ("readOnly", .bool, "whether the account may not trade"),
                ("regDate", timestamp, "registration time"),
                ("lastDate", timestamp, "last connection time"),
                ("email", .string, "e-mail"),
                ("phone", .string, "phone"),
                ("comment", .string, "comment"),
            ], partitions: ["group"])
        layouts[.symbol] = FieldLayout(
            [
                ("symbol", .string, "the instrument"),
                ("description", .string, "description"),
                ("currency", .string, "the base currency"),
                ("digits", number, "price digits"),
                ("tradeMode", number, "trade mode"),
                ("spread", number, "fixed spread in points (0 for floating)"),
                ("stopsLevel", number, "stops level in points"),
                ("freezeLevel", number, "freeze level in points"),
                ("contractSize", number, "contract size (units per lot)"),
                ("tickValue", money, "tick value"),
                ("tickSize", price, "tick size"),
                ("marginInitial", money, "initial margin"),
                ("marginMaintenance", money, "maintenance margin"),
            ], partitions: ["symbol"])
        layouts[.platform] = FieldLayout([("connected", .bool, "whether the platform's data pump is up")])
        let account = FieldLayout([
            ("login", number, "login"),
            ("group", .string, "group"),
            ("name", .string, "the client's name"),
            ("country", .string, "country"),
            ("email", .string, "e-mail"),
            ("comment", .string, "comment"),
            ("leverage", number, "leverage"),
            ("balance", money, "balance"),
            ("credit", money, "credit"),
            ("equity", money, "equity"),
            ("margin", money, "margin in use"),
            ("free", money, "free margin"),
            ("level", percent, "margin level"),
            ("volumeLots", lots, "open volume in lots"),
            ("levelType", number, "0 ok, 1 margin call, 2 stop out"),
            ("enabled", .bool, "whether the account may connect"),
            ("readOnly", .bool, "whether the account may not trade"),
        ])
        self.layouts = layouts
        self.accountLayout = account

        func fields(_ stream: TradingStream, _ source: FieldSource) -> [FieldSchema] {
            let layout = layouts[stream]!
            return Self.fields(of: layout, source: source)
                + Self.derivedFields(stream, layout: layout, symbol: layouts[.symbol]!, source: source)
        }
        let streams = TradingStream.allCases.map { stream -> StreamSchema in
            StreamSchema(
                name: stream.rawValue, kinds: stream.kinds, fields: fields(stream, .event),
                naturalKey: Self.naturalKey(stream), clientField: Self.clientField(stream),
                namespaces: Self.namespaces(stream), isMomentary: stream == .trade, summary: Self.summary(stream))
        }
        let accountAccess = FieldSource.related(Self.accountSlot)
        let namespaces = [
            NamespaceSchema(
                name: "account", slot: Self.accountSlot,
                fields: Self.fields(of: account, source: accountAccess)
                    + Self.marginDerived(layout: account, source: accountAccess),
                summary: "the latest margin and user data of the event's login"),
            NamespaceSchema(
                name: "symbol", slot: Self.symbolSlot, fields: fields(.symbol, .related(Self.symbolSlot)),
                summary: "the settings of the event's symbol"),
            NamespaceSchema(
                name: "quote", slot: Self.quoteSlot, fields: fields(.tick, .related(Self.quoteSlot)),
                summary: "the latest tick of the event's symbol"),
        ]
        // MT4's limits (`MT4MailSendRequest.subject`, `MT4NewsSendRequest.topic` and `category`).
        self.language = LanguageSchema(
            streams: streams, namespaces: namespaces,
            actionLimits: ActionLimits(mailSubject: 128, newsTopic: 256, newsCategory: 64))
    }

    static func naturalKey(_ stream: TradingStream) -> [String] {
        switch stream {
        case .margin, .user: return ["login"]
        case .trade: return ["order"]
        case .tick, .symbol: return ["symbol"]
        case .platform: return ["platform"]
        }
    }

    static func clientField(_ stream: TradingStream) -> String? {
        switch stream {
        case .margin, .trade, .user: return "login"
        case .tick, .symbol, .platform: return nil
        }
    }

    static func namespaces(_ stream: TradingStream) -> [String] {
        switch stream {
        case .margin, .user: return ["account"]
        case .trade: return ["account", "symbol", "quote"]
        case .tick: return ["symbol"]
        case .symbol: return ["quote"]
        case .platform: return []
        }
    }

    static func summary(_ stream: TradingStream) -> String {
        switch stream {
        case .margin: return "margin state of an account, on every change (StreamMarginCallUpdates)"
        case .trade: return "a trade opened, modified or closed, including balance operations (StreamTrades)"
        case .tick: return "a price quote (StreamTicks, OnTick)"
        case .user: return "an account added, updated or deleted (StreamUserUpdates)"
        case .symbol: return "a symbol's settings added, updated or deleted (StreamSymbolUpdates)"
        case .platform: return "the platform's data pump going up or down (OnConnectionStatus)"
        }
    }
}
