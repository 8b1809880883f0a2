import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage

/// Turns CPlugin's hub payloads into the engine's events, writing each field straight into its slot. Field names are
/// the payloads' own: a rule's `level` is `MarginCallPayload.level`. The slots of the streams that carry nearly all
/// events (margin, trade, tick) are resolved once, at init, into plain integers, so mapping one costs no name lookup;
/// users, symbols and the platform status are rare and look their slots up by name.
public struct HubEventMapper: Sendable {
    private let schema: TradingSchema
    private let margin: MarginSlots
    private let trade: TradeSlots
    private let tick: TickSlots
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

    private struct MarginSlots: Sendable {
        let layout: FieldLayout
        let login, group, leverage, updated, balance, equity, volumeLots, margin, free, level: Int
        let controllingType, levelType: Int

        init(_ slots: Slots) {
            layout = slots.layout
            login = slots.n("login")
            group = slots.s("group")
            leverage = slots.n("leverage")
            updated = slots.n("updated")
            balance = slots.n("balance")
            equity = slots.n("equity")
            volumeLots = slots.n("volumeLots")
            margin = slots.n("margin")
            free = slots.n("free")
            level = slots.n("level")
            controllingType = slots.n("controllingType")
            levelType = slots.n("levelType")
        }
    }

    private struct TradeSlots: Sendable {
        let layout: FieldLayout
        let order, login, symbol, cmd, volumeLots, openPrice, openTime, sl, tp, closePrice, closeTime: Int
        let commission, storage, profit, taxes, comment: Int

        init(_ slots: Slots) {
            layout = slots.layout
            order = slots.n("order")
            login = slots.n("login")
            symbol = slots.s("symbol")
            cmd = slots.n("cmd")
            volumeLots = slots.n("volumeLots")
            openPrice = slots.n("openPrice")
            openTime = slots.n("openTime")
            sl = slots.n("sl")
            tp = slots.n("tp")
            closePrice = slots.n("closePrice")
            closeTime = slots.n("closeTime")
            commission = slots.n("commission")
            storage = slots.n("storage")
            profit = slots.n("profit")
            taxes = slots.n("taxes")
            comment = slots.s("comment")
        }
    }

    private struct TickSlots: Sendable {
        let layout: FieldLayout
        let symbol, bid, ask, lastTime: Int

        init(_ slots: Slots) {
            layout = slots.layout
            symbol = slots.s("symbol")
            bid = slots.n("bid")
            ask = slots.n("ask")
            lastTime = slots.n("lastTime")
        }
    }

    public init(schema: TradingSchema = .shared) {
        self.schema = schema
        margin = MarginSlots(Slots(schema.layout(.margin)))
        trade = TradeSlots(Slots(schema.layout(.trade)))
        tick = TickSlots(Slots(schema.layout(.tick)))
        user = Slots(schema.layout(.user))
        symbol = Slots(schema.layout(.symbol))
        platform = Slots(schema.layout(.platform))
    }

    public func event(_ payload: MarginCallPayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = margin.layout.emptyRecord()
        record.numbers[margin.login] = Double(payload.login)
        record.strings[margin.group] = payload.group
        record.numbers[margin.leverage] = Double(payload.leverage)
        record.numbers[margin.updated] = Double(payload.updated)
        record.numbers[margin.balance] = payload.balance
        record.numbers[margin.equity] = payload.equity
        record.numbers[margin.volumeLots] = payload.volumeLots
        record.numbers[margin.margin] = payload.margin
        record.numbers[margin.free] = payload.free
        record.numbers[margin.level] = payload.level
        record.numbers[margin.controllingType] = Double(payload.controllingType)
        record.numbers[margin.levelType] = Double(payload.levelType)
        return TradingEvent(stream: .margin, platform: name, time: time, record: record)
    }

    /// `Added` is a trade opened, `Updated` modified, `Deleted` closed: the kinds rules name (`on trade opened`).
    public func event(_ payload: TradeUpdatePayload, platform name: String, at time: Timestamp) -> TradingEvent {
        var record = trade.layout.emptyRecord()
        record.numbers[trade.order] = Double(payload.order)
        record.numbers[trade.login] = Double(payload.login)
        record.strings[trade.symbol] = payload.symbol
        record.numbers[trade.cmd] = Double(payload.cmd)
        record.numbers[trade.volumeLots] = payload.volumeLots
        record.numbers[trade.openPrice] = payload.openPrice
        record.numbers[trade.openTime] = Self.seconds(payload.openTime)
        record.numbers[trade.sl] = payload.sl
        record.numbers[trade.tp] = payload.tp
        record.numbers[trade.closePrice] = payload.closePrice
        record.numbers[trade.closeTime] = Self.seconds(payload.closeTime)
        record.numbers[trade.commission] = payload.commission
        record.numbers[trade.storage] = payload.storage
        record.numbers[trade.profit] = payload.profit
        record.numbers[trade.taxes] = payload.taxes
        record.strings[trade.comment] = payload.comment
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
        record.strings[tick.symbol] = payload.symbol
        record.numbers[tick.bid] = payload.bid
        record.numbers[tick.ask] = payload.ask
        record.numbers[tick.lastTime] = Self.seconds(payload.lastTime)
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
