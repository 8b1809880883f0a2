import Foundation
import RuleLanguage

/// Where a field is read from: the event being evaluated (as the engine lends it, `EvaluationFrame.withEvent`), or a
/// related record.
enum FieldSource {
    case event
    case related(Int)

    func number(_ slot: Int) -> NumberEvaluator {
        switch self {
        case .event: return { $0.eventNumbers[slot] }
        case .related(let index): return { $0.related[index]?.numbers[slot] ?? .nan }
        }
    }

    func string(_ slot: Int) -> StringEvaluator {
        switch self {
        case .event: return { $0.eventStrings[slot] }
        case .related(let index): return { $0.related[index]?.strings[slot] ?? "" }
        }
    }
}

extension TradingSchema {
    static func fields(of layout: FieldLayout, source: FieldSource) -> [FieldSchema] {
        layout.fields.map { field in
            let reader: FieldReader
            switch field.storage {
            case .number(let slot): reader = .number(source.number(slot))
            case .string(let slot): reader = .string(source.string(slot))
            case .bool(let slot):
                let read = source.number(slot)
                reader = .bool({ read($0) != 0 && !read($0).isNaN })
            }
            return FieldSchema(
                name: field.name, type: field.type, reader: reader, summary: field.summary,
                isPartition: field.isPartition)
        }
    }

    static func derivedFields(
        _ stream: TradingStream, layout: FieldLayout, symbol: FieldLayout, source: FieldSource
    ) -> [FieldSchema] {
        switch stream {
        case .margin: return marginDerived(layout: layout, source: source)
        case .trade: return tradeDerived(layout: layout, symbol: symbol, source: source)
        case .tick: return tickDerived(layout: layout, symbol: symbol, source: source)
        case .symbol:
            let digits = source.number(layout.numberSlot("digits"))
            return [
                FieldSchema(
                    name: "point", type: .numeric(.price), reader: .number({ pow(10, -digits($0)) }),
                    summary: "the smallest price step: 10^-digits")
            ]
        case .user, .platform: return []
        }
    }

    static func marginDerived(layout: FieldLayout, source: FieldSource) -> [FieldSchema] {
        let volume = source.number(layout.numberSlot("volumeLots"))
        let levelType = source.number(layout.numberSlot("levelType"))
        return [
            FieldSchema(name: "volume", type: .numeric(.lots), reader: .number(volume), summary: "open volume in lots"),
            FieldSchema(
                name: "marginCall", type: .bool, reader: .bool({ levelType($0) >= 1 }),
                summary: "the server flags a margin call or stop out (levelType ≥ 1)"),
            FieldSchema(
                name: "stopOut", type: .bool, reader: .bool({ levelType($0) == 2 }),
                summary: "the server flags a stop out (levelType 2)"),
        ]
    }

    static let commandNames = ["buy", "sell", "buy limit", "sell limit", "buy stop", "sell stop", "balance", "credit"]

    static func tradeDerived(layout: FieldLayout, symbol: FieldLayout, source: FieldSource) -> [FieldSchema] {
        let cmd = source.number(layout.numberSlot("cmd"))
        let volume = source.number(layout.numberSlot("volumeLots"))
        let openTime = source.number(layout.numberSlot("openTime"))
        let closeTime = source.number(layout.numberSlot("closeTime"))
        let openPrice = source.number(layout.numberSlot("openPrice"))
        let closePrice = source.number(layout.numberSlot("closePrice"))
        let contractSize = FieldSource.related(symbolSlot).number(symbol.numberSlot("contractSize"))
        let names = commandNames
        return [
            FieldSchema(name: "volume", type: .numeric(.lots), reader: .number(volume), summary: "volume in lots"),
            FieldSchema(
                name: "side", type: .string,
                reader: .string({ frame in
                    let code = cmd(frame)
                    guard code >= 0, code <= 5 else { return "" }
                    return Int(code) % 2 == 0 ? "buy" : "sell"
                }), summary: "buy or sell (empty for balance and credit operations)"),
            FieldSchema(
                name: "type", type: .string,
                reader: .string({ frame in
                    let code = cmd(frame)
                    guard code >= 0, code < Double(names.count) else { return "" }
                    return names[Int(code)]
                }),
                summary: "buy, sell, buy limit, sell limit, buy stop, sell stop, balance or credit"),
            FieldSchema(
                name: "duration", type: .numeric(.duration),
                reader: .number({ frame in
                    let closed = closeTime(frame)
                    guard closed > 0 else { return .nan }
                    return closed - openTime(frame)
                }), summary: "how long a closed trade was open"),
            FieldSchema(
                name: "notional", type: .numeric(.money),
                reader: .number({ frame in
                    let size = contractSize(frame)
                    let price = closeTime(frame) > 0 ? closePrice(frame) : openPrice(frame)
                    return volume(frame) * (size.isNaN ? 100_000 : size) * price
                }),
                summary: "volume × contract size × price (contract size 100,000 until the symbol is known)",
                readsRelated: true),
        ]
    }

    static func tickDerived(layout: FieldLayout, symbol: FieldLayout, source: FieldSource) -> [FieldSchema] {
        let bid = source.number(layout.numberSlot("bid"))
        let ask = source.number(layout.numberSlot("ask"))
        let digits = FieldSource.related(symbolSlot).number(symbol.numberSlot("digits"))
        return [
            FieldSchema(
                name: "spread", type: .numeric(.price), reader: .number({ ask($0) - bid($0) }), summary: "ask − bid"),
            FieldSchema(
                name: "mid", type: .numeric(.price), reader: .number({ (ask($0) + bid($0)) / 2 }),
                summary: "(bid + ask) / 2"),
            FieldSchema(
                name: "spreadPoints", type: .numeric(.number),
                // Prices carry `digits` decimals, so the spread is a whole number of points; rounding removes the
                // binary-fraction noise that would make 30 points read as 29.9999….
                reader: .number({ frame in ((ask(frame) - bid(frame)) * pow(10, digits(frame))).rounded() }),
                summary: "the spread in whole points (needs the symbol's digits)", readsRelated: true),
        ]
    }
}
