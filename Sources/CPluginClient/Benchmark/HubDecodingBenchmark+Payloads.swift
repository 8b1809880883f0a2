import Foundation

extension HubDecodingBenchmark {
    /// Distinct payloads of each kind, encoded as the simulator encodes them (ticks by hand in sorted key order,
    /// the rest with `JSONEncoder` and sorted keys), with values like a market's: prices on a tick grid, margin
    /// figures computed in floating point so they print with up to 17 digits, times with milliseconds.
    struct PayloadPools {
        var ticks: [RawJSON] = []
        var margins: [RawJSON] = []
        var trades: [RawJSON] = []
        var users: [RawJSON] = []
        var symbols: [RawJSON] = []

        static let symbolNames = [
            "EURUSD", "GBPUSD", "USDJPY", "USDCHF", "AUDUSD", "USDCAD", "NZDUSD", "EURGBP", "EURJPY", "GBPJPY",
            "XAUUSD", "XAGUSD", "US30", "NAS100", "SPX500", "GER40", "BTCUSD", "ETHUSD", "USOIL", "UKOIL",
        ]

        init(random: inout BenchmarkRandom) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            func encode(_ value: some Encodable) -> RawJSON {
                RawJSON(bytes: Array((try? encoder.encode(value)) ?? Data("null".utf8)))
            }
            let start = 1_767_614_400.0
            for index in 0..<4096 {
                let symbol = Self.symbolNames[index % Self.symbolNames.count]
                let digits = symbol.hasSuffix("JPY") ? 3 : (symbol.hasPrefix("X") || symbol.count > 6 ? 2 : 5)
                let scale = pow(10.0, Double(digits))
                let base = symbol.hasSuffix("JPY") ? 150.0 : (symbol.hasPrefix("X") ? 2650.0 : 1.1)
                let bid = (base * Double.random(in: 0.95...1.05, using: &random) * scale).rounded() / scale
                let ask = ((bid + Double(Int.random(in: 1...30, using: &random)) / scale) * scale).rounded() / scale
                let time = start + Double(index) * 0.137
                ticks.append(Self.tickJSON(symbol: symbol, bid: bid, ask: ask, time: time))

                let balance = Double(Int.random(in: 100...100_000, using: &random))
                let equity = balance + Double.random(in: -0.6...0.4, using: &random) * balance
                let margin = Double(Int.random(in: 10...5_000, using: &random)) * 1.5
                let level = equity / margin * 100
                margins.append(
                    encode(
                        MarginCallPayload(
                            login: 1000 + index, group: ["real-A", "real-B", "ecn-1", "demo"][index % 4],
                            leverage: [100, 200, 500][index % 3], updated: Int(time), balance: balance, equity: equity,
                            volumeLots: Double(Int.random(in: 1...500, using: &random)) / 100, margin: margin,
                            free: equity - margin, level: level, controllingType: 0,
                            levelType: level < 50 ? 2 : (level < 100 ? 1 : 0))))

                let openPrice = bid
                let closed = index % 3 == 0
                trades.append(
                    encode(
                        TradeUpdatePayload(
                            kind: closed ? .deleted : (index % 3 == 1 ? .added : .updated), order: 5_000_000 + index,
                            login: 1000 + index % 700, symbol: symbol, cmd: index % 2,
                            volumeLots: Double(Int.random(in: 1...1000, using: &random)) / 100, openPrice: openPrice,
                            openTime: Date(timeIntervalSince1970: time - 3600), sl: 0, tp: 0,
                            closePrice: closed ? ask : 0, closeTime: closed ? Date(timeIntervalSince1970: time) : nil,
                            commission: -Double(Int.random(in: 0...700, using: &random)) / 100,
                            storage: -Double(Int.random(in: 0...300, using: &random)) / 100,
                            profit: (ask - openPrice) * 100_000 * Double.random(in: 0.01...5, using: &random),
                            comment: index % 5 == 0 ? "hedge #\(index)" : "")))

                users.append(
                    encode(
                        UserUpdatePayload(
                            kind: .updated, login: 1000 + index, group: "real-A", name: "Client \(index)",
                            country: "Cyprus", leverage: 100, balance: balance, credit: 0,
                            regDate: Date(timeIntervalSince1970: start - 86_400 * 300),
                            lastDate: Date(timeIntervalSince1970: time), email: "client\(index)@example.com")))
                symbols.append(
                    encode(
                        SymbolUpdatePayload(
                            kind: .updated, symbol: symbol, description: "\(symbol) spot", currency: "USD",
                            digits: digits, contractSize: 100_000, tickValue: 1, tickSize: 1 / scale)))
            }
        }

        /// A tick as `HubTickJSON` writes it.
        static func tickJSON(symbol: String, bid: Double, ask: Double, time: Double) -> RawJSON {
            func number(_ value: Double) -> String {
                let text = value.description
                return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            }
            let text =
                #"{"ask":\#(number(ask)),"bid":\#(number(bid)),"lastTime":"\#(HubTime.format(Date(timeIntervalSince1970: time)))","symbol":"\#(symbol)"}"#
            return RawJSON(bytes: Array(text.utf8))
        }

        func tick(_ random: inout BenchmarkRandom) -> RawJSON { ticks.randomElement(using: &random)! }
        func margin(_ random: inout BenchmarkRandom) -> RawJSON { margins.randomElement(using: &random)! }
        func trade(_ random: inout BenchmarkRandom) -> RawJSON { trades.randomElement(using: &random)! }
        func user(_ random: inout BenchmarkRandom) -> RawJSON { users.randomElement(using: &random)! }
        func symbol(_ random: inout BenchmarkRandom) -> RawJSON { symbols.randomElement(using: &random)! }
    }
}
