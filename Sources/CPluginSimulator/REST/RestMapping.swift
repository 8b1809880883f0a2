import CPluginClient
import Foundation

/// Turns the market's payload-shaped state into the v2 REST DTOs of `openapi-v2.json`.
enum RestMapping {
    static let levelTypes = ["Ok", "MarginCall", "StopOut"]
    static let controllingTypes = ["Percent", "Currency"]
    static let commands = ["Buy", "Sell", "BuyLimit", "SellLimit", "BuyStop", "SellStop", "Balance", "Credit"]

    /// REST times: ISO-8601 UTC with a `Z`, as System.Text.Json writes UTC `DateTime`s.
    static func time(_ date: Date?) -> String {
        HubTime.format(date ?? Date(timeIntervalSince1970: 0)) + "Z"
    }

    static func marginLevel(_ margin: MarginCallPayload) -> MT4MarginLevel {
        MT4MarginLevel(
            login: margin.login, group: margin.group, leverage: margin.leverage, updated: margin.updated,
            balance: margin.balance, equity: margin.equity, volume: Int((margin.volumeLots * 100).rounded()),
            margin: margin.margin, free: margin.free, level: margin.level,
            controllingType: controllingTypes[safe: margin.controllingType] ?? "Percent",
            levelType: levelTypes[safe: margin.levelType] ?? "Ok")
    }

    static func trade(_ trade: TradeUpdatePayload, digits: Int) -> MT4Trade {
        let closed = trade.kind == .deleted || trade.closeTime != nil
        return MT4Trade(
            order: trade.order, login: trade.login, symbol: trade.symbol, digits: digits,
            tradeCommand: commands[safe: trade.cmd] ?? "Buy", volume: Int((trade.volumeLots * 100).rounded()),
            volumeLots: trade.volumeLots, tradeRecordState: closed ? "ClosedNormal" : "OpenNormal",
            openPrice: trade.openPrice, sl: trade.sl, tp: trade.tp, openTime: time(trade.openTime),
            closeTime: time(trade.closeTime), closePrice: trade.closePrice, commission: trade.commission,
            commissionAgent: 0, storage: trade.storage, profit: trade.profit, taxes: trade.taxes, magic: 0,
            comment: trade.comment, expiration: time(nil), tradeRecordReason: "Client", activationType: "None",
            timeStamp: time(trade.closeTime ?? trade.openTime), marginRate: 1)
    }

    static func user(_ user: UserUpdatePayload) -> MT4User {
        MT4User(
            login: user.login, group: user.group, name: user.name, registrationDate: time(user.regDate),
            lastDate: time(user.lastDate), country: user.country, phone: user.phone, email: user.email,
            comment: user.comment, leverage: user.leverage, balance: user.balance, credit: user.credit,
            enableFlags: (user.enabled ? 1 : 0) | (user.readOnly ? 4 : 0))
    }

    static let marginModes = ["DontUse", "UseAll", "UseProfit", "UseLoss"]

    static func group(_ group: GroupSettings) -> MT4Group {
        MT4Group(
            group: group.name, company: group.company, currency: group.currency,
            defaultLeverage: group.defaultLeverage, defaultDeposit: group.defaultDeposit, marginCall: group.marginCall,
            marginStopout: group.marginStopout, marginMode: marginModes[safe: group.marginMode] ?? "UseAll",
            marginControllingType: controllingTypes[safe: group.marginControllingType] ?? "Percent")
    }

    static func tickInfo(_ tick: TickPayload) -> MT4TickInfo {
        MT4TickInfo(symbol: tick.symbol, time: time(tick.lastTime), bid: tick.bid, ask: tick.ask)
    }

    static func symbolInfo(_ symbol: SymbolUpdatePayload, tick: TickPayload?) -> MT4SymbolInfo {
        let point = pow(10, -Double(symbol.digits))
        let bid = tick?.bid ?? 0
        let ask = tick?.ask ?? 0
        return MT4SymbolInfo(
            symbol: symbol.symbol, digits: symbol.digits, type: 0, point: point,
            spread: tick.map { Int((($0.ask - $0.bid) / point).rounded()) } ?? symbol.spread, direction: "None",
            bid: bid, ask: ask, high: max(bid, ask), low: min(bid, ask), lastTime: tick.map { time($0.lastTime) })
    }
}

extension RestMapping {
    static let tradeModes = ["Disabled", "CloseOnly", "Full"]

    /// A symbol's settings as `CfgRequestSymbol` writes them (the fields the simulated market has; the spec's other
    /// `ConSymbol` fields are optional and left out).
    static func symbolConfig(_ symbol: SymbolUpdatePayload) -> MT4SymbolConfig {
        MT4SymbolConfig(
            symbol: symbol.symbol, description: symbol.description, currency: symbol.currency, digits: symbol.digits,
            tradeMode: tradeModes[safe: symbol.tradeMode] ?? "Full", spread: symbol.spread,
            stopsLevel: symbol.stopsLevel, freezeLevel: symbol.freezeLevel, contractSize: symbol.contractSize,
            tickValue: symbol.tickValue, tickSize: symbol.tickSize, marginInitial: symbol.marginInitial,
            marginMaintenance: symbol.marginMaintenance, point: pow(10, -Double(symbol.digits)))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
