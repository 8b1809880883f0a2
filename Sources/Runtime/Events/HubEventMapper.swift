import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage

/// Turns CPlugin's hub payloads into the engine's events, writing each field straight into its slot (resolved once,
/// here), so feeding the engine costs no name lookups per event. Field names are the payloads' own: a rule's `level`
/// is `MarginCallPayload.level`.
public struct HubEventMapper: Sendable {
    private let schema: TradingSchema
    private let margin: Slots
    private let trade: Slots
    private let tick: Slots
    private let user: Slots
    private let symbol: Slots
    private let platform: Slots

    /// A stream's slots by field name, looked up once.
    private struct Slots: Sendable {
        let layout: FieldLayout
        let numbers: [String: Int]
        let strings: [String: Int]

        init(_ layout: FieldLayout) {
            self.layout = layout
            var numbers: [String: Int] = [:]
            var strings: [String: Int] = [:]
            for field in layout.fields {
                switch field.storage {
                case .number(let slot), .bool(let slot): numbers[field.name] = slot
                case .string(let slot): strings[field.name] = slot
                }
            }
            self.numbers = numbers
            self.strings = strings
        }

        func n(_ name: String) -> Int { numbers[name]! }
        func s(_ name: String) -> Int { strings[name]! }
    }

    public init(schema: TradingSchema = .shared) {
        self.schema = schema
        margin = Slots(schema.layout(.margin))
        trade = Slots(schema.layout(.trade))
        tick = Slots(schema.layout(.tick))
        user = Slots(schema.layout(.user))
        symbol = Slots(schema.layout(.symbol))
        platform = Slots(schema.layout(.platform))
    }

    public func event(_ payload: MarginCallPayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = margin.layout.emptyRecord()
        record.numbers[margin.n("login")] = Double(payload.login)
        record.strings[margin.s("group")] = payload.group
        record.numbers[margin.n("leverage")] = Double(payload.leverage)
        record.numbers[margin.n("updated")] = Double(payload.updated)
        record.numbers[margin.n("balance")] = payload.balance
        record.numbers[margin.n("equity")] = payload.equity
        record.numbers[margin.n("volumeLots")] = payload.volumeLots
        record.numbers[margin.n("margin")] = payload.margin
        record.numbers[margin.n("free")] = payload.free
        record.numbers[margin.n("level")] = payload.level
        record.numbers[margin.n("controllingType")] = Double(payload.controllingType)
        record.numbers[margin.n("levelType")] = Double(payload.levelType)
        return TradingEvent(stream: .margin, platform: name, time: time, record: record)
    }

    /// `Added` is a trade opened, `Updated` modified, `Deleted` closed: the kinds rules name (`on trade opened`).
    public func event(_ payload: TradeUpdatePayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = trade.layout.emptyRecord()
        record.numbers[trade.n("order")] = Double(payload.order)
        record.numbers[trade.n("login")] = Double(payload.login)
        record.strings[trade.s("symbol")] = payload.symbol
        record.numbers[trade.n("cmd")] = Double(payload.cmd)
        record.numbers[trade.n("volumeLots")] = payload.volumeLots
        record.numbers[trade.n("openPrice")] = payload.openPrice
        record.numbers[trade.n("openTime")] = Self.seconds(payload.openTime)
        record.numbers[trade.n("sl")] = payload.sl
        record.numbers[trade.n("tp")] = payload.tp
        record.numbers[trade.n("closePrice")] = payload.closePrice
        record.numbers[trade.n("closeTime")] = Self.seconds(payload.closeTime)
        record.numbers[trade.n("commission")] = payload.commission
        record.numbers[trade.n("storage")] = payload.storage
        record.numbers[trade.n("profit")] = payload.profit
        record.numbers[trade.n("taxes")] = payload.taxes
        record.strings[trade.s("comment")] = payload.comment
        let kind: String =
            switch payload.kind {
            case .added: "opened"
            case .updated: "modified"
            case .deleted: "closed"
            }
        return TradingEvent(stream: .trade, kind: kind, platform: name, time: time, record: record)
    }

    public func event(_ payload: TickPayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = tick.layout.emptyRecord()
        record.strings[tick.s("symbol")] = payload.symbol
        record.numbers[tick.n("bid")] = payload.bid
        record.numbers[tick.n("ask")] = payload.ask
        record.numbers[tick.n("lastTime")] = Self.seconds(payload.lastTime)
        return TradingEvent(stream: .tick, platform: name, time: time, record: record)
    }

    public func event(_ payload: UserUpdatePayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = user.layout.emptyRecord()
        record.numbers[user.n("login")] = Double(payload.login)
        record.strings[user.s("group")] = payload.group
        record.strings[user.s("name")] = payload.name
        record.strings[user.s("country")] = payload.country
        record.numbers[user.n("leverage")] = Double(payload.leverage)
        record.numbers[user.n("balance")] = payload.balance
        record.numbers[user.n("credit")] = payload.credit
        record.numbers[user.n("enabled")] = payload.enabled ? 1 : 0
        record.numbers[user.n("readOnly")] = payload.readOnly ? 1 : 0
        record.numbers[user.n("regDate")] = Self.seconds(payload.regDate)
        record.numbers[user.n("lastDate")] = Self.seconds(payload.lastDate)
        record.strings[user.s("email")] = payload.email
        record.strings[user.s("phone")] = payload.phone
        record.strings[user.s("comment")] = payload.comment
        return TradingEvent(
            stream: .user, kind: Self.kind(payload.kind), platform: name, time: time, record: record)
    }

    public func event(_ payload: SymbolUpdatePayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = symbol.layout.emptyRecord()
        record.strings[symbol.s("symbol")] = payload.symbol
        record.strings[symbol.s("description")] = payload.description
        record.strings[symbol.s("currency")] = payload.currency
        record.numbers[symbol.n("digits")] = Double(payload.digits)
        record.numbers[symbol.n("tradeMode")] = Double(payload.tradeMode)
        record.numbers[symbol.n("spread")] = Double(payload.spread)
        record.numbers[symbol.n("stopsLevel")] = Double(payload.stopsLevel)
        record.numbers[symbol.n("freezeLevel")] = Double(payload.freezeLevel)
        record.numbers[symbol.n("contractSize")] = payload.contractSize
        record.numbers[symbol.n("tickValue")] = payload.tickValue
        record.numbers[symbol.n("tickSize")] = payload.tickSize
        record.numbers[symbol.n("marginInitial")] = payload.marginInitial
        record.numbers[symbol.n("marginMaintenance")] = payload.marginMaintenance
        return TradingEvent(
            stream: .symbol, kind: Self.kind(payload.kind), platform: name, time: time, record: record)
    }

    /// The platform's data pump went up or down (`OnConnectionStatus`).
    public func event(pumpConnected: Bool, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = platform.layout.emptyRecord()
        record.numbers[platform.n("connected")] = pumpConnected ? 1 : 0
        return TradingEvent(stream: .platform, platform: name, time: time, record: record)
    }

    private static func kind(_ kind: UpdateKind) -> String {
        switch kind {
        case .added: "added"
        case .updated: "updated"
        case .deleted: "deleted"
        }
    }

    /// Timestamps are seconds since 1970 in the engine; an absent time is unset (NaN), which rules read as unknown.
    private static func seconds(_ date: Date?) -> Double {
        date.map(\.timeIntervalSince1970) ?? .nan
    }
}
