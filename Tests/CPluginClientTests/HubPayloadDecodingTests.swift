import CPluginClient
import Foundation
import Testing

@Suite("Hub payload decoding")
struct HubPayloadDecodingTests {
    func decode<T: HubDecodable>(_ type: T.Type, _ json: String) throws -> T {
        try RawJSON(bytes: Array(json.utf8)).decode(T.self)
    }

    // MARK: The tolerance rules, read straight from bytes

    @Test(
        "a trade's kind is read as a number or as a name, and an unreadable one means updated",
        arguments: [
            (#""Added""#, UpdateKind.added), ("0", .added), (#""updated""#, .updated), ("1", .updated),
            (#""Deleted""#, .deleted), ("2", .deleted), ("2.0", .deleted), (#""DELETE""#, .deleted), ("7", .updated),
            (#""2""#, .updated), ("null", .updated), ("[0]", .updated), (#""Remove""#, .updated),
        ])
    func kinds(_ text: String, _ kind: UpdateKind) throws {
        let trade = try decode(TradeUpdatePayload.self, #"{"kind":\#(text),"order":5,"login":1001,"symbol":"EURUSD"}"#)
        #expect(trade.kind == kind)
        #expect(trade.order == 5)
    }

    @Test("numbers may be ints, floats or strings, unknown fields are ignored, and missing ones default")
    func lenientNumbers() throws {
        let margin = try decode(
            MarginCallPayload.self,
            #"{"login":1001.0,"group":"real-A","leverage":"100","updated":1767571200,"balance":1000,"equity":"950.5","#
                + #""volumeLots":1,"margin":1000,"free":-49.5,"level":95.05,"levelType":1,"surprise":{"x":[1,2]}}"#)
        #expect(margin.login == 1001)
        #expect(margin.leverage == 100)
        #expect(margin.balance == 1000)
        #expect(margin.equity == 950.5)
        #expect(margin.level == 95.05)
        #expect(margin.levelType == 1)
        #expect(margin.controllingType == 0)
    }

    @Test("enums given by name in margin payloads map to their numbers, in any case")
    func enumNames() throws {
        let margin = try decode(
            MarginCallPayload.self, #"{"login":1,"levelType":"StopOut","controllingType":"CURRENCY"}"#)
        #expect(margin.levelType == 2)
        #expect(margin.controllingType == 1)
    }

    @Test("the first of duplicate keys wins, as with JSONDecoder")
    func duplicates() throws {
        let tick = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"bid":"oops","symbol":5}"#)
        #expect(tick.symbol == "EURUSD")
        #expect(tick.bid == 1.1)
    }

    @Test(
        "times with or without fractions and zones are read as UTC",
        arguments: [
            ("2026-01-05T12:00:31", 1_767_614_431.0),
            ("2026-01-05T12:00:31.250", 1_767_614_431.25),
            ("2026-01-05T12:00:31.1234567Z", 1_767_614_431.1234567),
            ("2026-01-05T15:00:31+03:00", 1_767_614_431.0),
            ("2026-01-05T12:00:31-0130", 1_767_619_831.0),
            (#"2026-01-05T12:00:31\u002E5"#, 1_767_614_431.5),
        ])
    func times(_ text: String, _ seconds: Double) throws {
        let tick = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.1002,"lastTime":"\#(text)"}"#)
        let time = try #require(tick.lastTime)
        #expect(abs(time.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test("a null or malformed time is nil and loses nothing else of the tick")
    func badTime() throws {
        let null = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.2,"lastTime":null}"#)
        #expect(null.lastTime == nil)
        let bad = try decode(TickPayload.self, #"{"symbol":"EURUSD","bid":1.1,"ask":1.2,"lastTime":"yesterday"}"#)
        #expect(bad.lastTime == nil)
        #expect(bad.ask == 1.2)
    }

    @Test("the v1 hub's tick is PascalCase and strict, as its Codable conformance is")
    func legacyTick() throws {
        let tick = try decode(LegacyTickPayload.self, #"{"Symbol":"EURUSD","Bid":1.1,"Ask":1.2,"Extra":0}"#)
        #expect(tick == LegacyTickPayload(symbol: "EURUSD", bid: 1.1, ask: 1.2))
        #expect(throws: JSONReaderError(.missingKey("Ask"), offset: 29)) {
            try decode(LegacyTickPayload.self, #"{"Symbol":"EURUSD","Bid":1.1}"#)
        }
        #expect(throws: JSONReaderError.self) {
            try decode(LegacyTickPayload.self, #"{"Symbol":"EURUSD","Bid":"1.1","Ask":1}"#)
        }
    }

    @Test("connection status, and the MT5 margin call by number or by name")
    func smallPayloads() throws {
        #expect(try decode(ConnectionStatusPayload.self, #"{"connected":true}"#).connected)
        #expect(throws: JSONReaderError.self) { try decode(ConnectionStatusPayload.self, #"{"connected":1}"#) }
        #expect(
            try decode(MT5MarginCallPayload.self, #"{"login":1001,"type":1,"direction":1}"#)
                == MT5MarginCallPayload(login: 1001, type: 1, direction: 1))
        #expect(
            try decode(MT5MarginCallPayload.self, #"{"direction":"0","type":"StopOut","login":"7","x":null}"#)
                == MT5MarginCallPayload(login: 7, type: 2, direction: 0))
    }

    @Test("a payload that is not an object is an error; so is malformed JSON inside one")
    func notAnObject() {
        for text in ["null", "[]", "5", #""x""#, #"{"symbol":"EURUSD","bid":1.1"#, #"{"symbol":"EURUSD",}"#, "{} {}"] {
            #expect(throws: JSONReaderError.self) { try decode(TickPayload.self, text) }
        }
    }

    @Test("payloads as the simulator writes them (JSONEncoder, sorted keys) decode to the values written")
    func simulatorShapes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let date = Date(timeIntervalSince1970: 1_767_614_431.25)
        let trade = TradeUpdatePayload(
            kind: .added, order: 42, login: 1001, symbol: "XAUUSD", cmd: 1, volumeLots: 12.5, openPrice: 2650.15,
            openTime: date, closePrice: 0, closeTime: nil, profit: -35.2, comment: "hedge \"A\"\n")
        #expect(try RawJSON(bytes: Array(try encoder.encode(trade))).decode(TradeUpdatePayload.self) == trade)
        let margin = MarginCallPayload(
            login: 1001, group: "real-A", leverage: 100, updated: 1_767_614_431, balance: 1000,
            equity: 950.3333333333334,
            volumeLots: 1.5, margin: 1000, free: -49.66666666666663, level: 95.03333333333333, controllingType: 0,
            levelType: 1)
        #expect(try RawJSON(bytes: Array(try encoder.encode(margin))).decode(MarginCallPayload.self) == margin)
        let user = UserUpdatePayload(
            kind: .deleted, login: 7, group: "demo", name: "Zoë Ünal", leverage: 500, balance: 12.5, enabled: false,
            regDate: date)
        #expect(try RawJSON(bytes: Array(try encoder.encode(user))).decode(UserUpdatePayload.self) == user)
        let symbol = SymbolUpdatePayload(
            kind: .updated, symbol: "EURUSD", description: "Euro vs US Dollar", currency: "USD", digits: 5,
            contractSize: 100_000, tickValue: 1, tickSize: 0.00001)
        #expect(try RawJSON(bytes: Array(try encoder.encode(symbol))).decode(SymbolUpdatePayload.self) == symbol)
        let tick = TickPayload(symbol: "EURUSD", bid: 1.10234, ask: 1.10236, lastTime: date)
        #expect(try RawJSON(bytes: Array(try encoder.encode(tick))).decode(TickPayload.self) == tick)
        let mt5 = MT5MarginCallPayload(login: 5, type: 2, direction: 1)
        #expect(try RawJSON(bytes: Array(try encoder.encode(mt5))).decode(MT5MarginCallPayload.self) == mt5)
    }

    @Test(
        "deep nesting in an unknown field: both decoders take 511 levels inside the payload, neither takes 512",
        arguments: [(510, true), (511, true), (512, false), (10_000, false)])
    func deepUnknownField(_ levels: Int, _ accepted: Bool) {
        let text =
            #"{"symbol":"EURUSD","w":"# + String(repeating: "[", count: levels)
            + String(repeating: "]", count: levels) + "}"
        let hub = try? RawJSON(bytes: Array(text.utf8)).decode(TickPayload.self)
        let codable = try? JSONDecoder().decode(TickPayload.self, from: Data(text.utf8))
        #expect((hub != nil) == accepted)
        #expect((codable != nil) == accepted)
    }

    // MARK: Parity with Codable

    /// How each field is read, to pick values that exercise its rules (any value may land in any field too).
    enum FieldRule {
        case double, int, string, bool, date, kind, names
    }

    static let numbers = [
        "0", "-0", "1", "1001", "-5", "1.5", "-1.5", "95.05000000000001", "1e3", "1E-2", "2.5e0", "1001.0", "0.5",
        "1e400", "-1e400", "1e-400", "0e5", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "9.21e18", "9.3e18", "123456789012345678.5", "9007199254740993.5", "1767571200",
        "1767571200.25", "4.9e-324", "12345678901234567890123", "1.7976931348623157e308", "3", "2", "-1",
        "0.30000000000000004", "1.10234", "-2.0e-1",
    ]
    static let strings = [
        #""""#, #""EURUSD""#, #""1.5""#, #""42""#, #""+42""#, #"" 42""#, #""1e3""#, #""nan""#, #""inf""#, #""-0""#,
        #""0x1p3""#, #""Added""#, #""ADDED""#, #""updated""#, #""Deleted""#, #""delete""#, #""add""#, #""StopOut""#,
        #""margincall""#, #""Currency""#, #""PERCENT""#, #""Ok""#, #""O\u212A""#, #""\u0041dded""#,
        #""2026-01-05T12:00:31""#, #""2026-01-05T12:00:31.250""#, #""2026-01-05T12:00:31.1234567Z""#,
        #""2026-01-05T15:00:31+03:00""#, #""2026-01-05T12:00:31-0130""#, #""2026-01-05 12:00:31""#,
        #""2026-13-05T12:00:31""#, #""yesterday""#, #""2026-01-05T12:00:31+03""#, #""\u0032026-01-05T12:00:31""#,
        #""2026-01-05T12:00:31z""#, #""\ud800""#, #""é€😀""#, #""line\nbreak""#, #""\"quoted\"""#, #""1""#, #""0""#,
        #""2""#, #""3""#, #""9223372036854775808""#, #""İ""#, #""Stop\u004Fut""#,
    ]
    static let others = ["true", "false", "null", "[]", "[1,2]", "{}", #"{"a":[1,{"b":null}],"c":"d"}"#]

    static func value(for rule: FieldRule, using random: inout SeededRandom) -> [UInt8] {
        // Invalid UTF-8 inside a string: JSON's grammar is intact, only the string is unreadable.
        if Int.random(in: 0..<60, using: &random) == 0 { return Array("\"a".utf8) + [0xFF] + Array("\"".utf8) }
        // An object whose key is not UTF-8: only a reader that decodes the object may mind.
        if Int.random(in: 0..<80, using: &random) == 0 { return Array("{\"".utf8) + [0xFF] + Array("\":1}".utf8) }
        let pool: [String]
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<2: pool = numbers
        case 2..<4: pool = strings
        case 4: pool = others
        default:
            switch rule {
            case .double, .int: pool = numbers
            case .string: pool = strings
            case .bool: pool = ["true", "false", "0", "1", "2", "0.5", "1.0", "null", #""true""#]
            case .date: pool = strings.filter { $0.contains("2026") } + ["1767571200", "1767571200.5", "null"]
            case .kind: pool = ["0", "1", "2", "3", "1.0", #""Added""#, #""update""#, #""DELETED""#, #""1""#, "null"]
            case .names:
                pool = [
                    "0", "1", "2", #""Ok""#, #""MarginCall""#, #""stopout""#, #""Percent""#, #""currency""#, #""1""#,
                ]
            }
        }
        return Array(pool.randomElement(using: &random)!.utf8)
    }

    /// A JSON object with `fields` (some missing, some twice, some keys escaped), unknown members, in random order.
    static func document(_ fields: [(String, FieldRule)], using random: inout SeededRandom) -> [UInt8] {
        var members: [[UInt8]] = []
        for (name, rule) in fields {
            let copies =
                Int.random(in: 0..<10, using: &random) == 0 ? 0 : (Int.random(in: 0..<8, using: &random) == 0 ? 2 : 1)
            for _ in 0..<copies {
                var key = Array(name.utf8)
                if Int.random(in: 0..<15, using: &random) == 0 {
                    // The same key with its first letter escaped.
                    key = Array(String(format: "\\u%04x", Int(key[0])).utf8) + key.dropFirst()
                }
                members.append(Array("\"".utf8) + key + Array("\":".utf8) + value(for: rule, using: &random))
            }
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let name = ["surprise", "Login", "SYMBOL", "kind ", "x"].randomElement(using: &random)!
            members.append(Array("\"\(name)\":".utf8) + value(for: .string, using: &random))
        }
        if Int.random(in: 0..<200, using: &random) == 0 {
            members.append(Array("\"bad".utf8) + [0xC3] + Array("\":1".utf8))  // a key that is not UTF-8
        }
        members.shuffle(using: &random)
        let spaces = Int.random(in: 0..<4, using: &random) == 0 ? " " : ""
        var bytes = Array("{\(spaces)".utf8)
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(contentsOf: ",\(spaces)".utf8) }
            bytes.append(contentsOf: member)
        }
        bytes.append(contentsOf: "\(spaces)}".utf8)
        return bytes
    }

    /// Field by field equality where doubles and dates compare by bits, so NaN equals NaN and -0 differs from 0.
    static func same(_ a: Any, _ b: Any) -> Bool {
        let left = Mirror(reflecting: a).children.map(\.value)
        let right = Mirror(reflecting: b).children.map(\.value)
        guard left.count == right.count else { return false }
        for (x, y) in zip(left, right) {
            switch (x, y) {
            case (let x as Double, let y as Double): if x.bitPattern != y.bitPattern { return false }
            case (let x as Date?, let y as Date?):
                if x?.timeIntervalSinceReferenceDate.bitPattern != y?.timeIntervalSinceReferenceDate.bitPattern {
                    return false
                }
            default: if "\(x)" != "\(y)" { return false }
            }
        }
        return true
    }

    static func parity<T: HubDecodable & Decodable>(
        _ type: T.Type, _ fields: [(String, FieldRule)], seed: UInt64, count: Int = 4000
    ) {
        var random = SeededRandom(seed: seed)
        var failures = 0
        for _ in 0..<count {
            let bytes = document(fields, using: &random)
            let codable = try? JSONDecoder().decode(T.self, from: Data(bytes))
            let hub = try? RawJSON(bytes: bytes).decode(T.self)
            let agree: Bool
            switch (codable, hub) {
            case (nil, nil): agree = true
            case (let codable?, let hub?): agree = same(codable, hub)
            default: agree = false
            }
            if !agree {
                failures += 1
                if failures <= 5 {
                    Issue.record(
                        """
                        \(T.self) differs for \(String(decoding: bytes, as: UTF8.self))
                        Codable: \(String(describing: codable))
                        hub:     \(String(describing: hub))
                        """)
                }
            }
        }
        #expect(failures == 0)
    }

    @Test("TickPayload decodes as its Codable init does, on thousands of varied documents")
    func tickParity() {
        Self.parity(
            TickPayload.self, [("symbol", .string), ("bid", .double), ("ask", .double), ("lastTime", .date)], seed: 1)
    }

    @Test("LegacyTickPayload decodes as its Codable init does")
    func legacyTickParity() {
        Self.parity(LegacyTickPayload.self, [("Symbol", .string), ("Bid", .double), ("Ask", .double)], seed: 2)
    }

    @Test("ConnectionStatusPayload decodes as its Codable init does")
    func connectionParity() {
        Self.parity(ConnectionStatusPayload.self, [("connected", .bool)], seed: 3)
    }

    @Test("MarginCallPayload decodes as its Codable init does")
    func marginParity() {
        Self.parity(
            MarginCallPayload.self,
            [
                ("login", .int), ("group", .string), ("leverage", .int), ("updated", .int), ("balance", .double),
                ("equity", .double), ("volumeLots", .double), ("margin", .double), ("free", .double),
                ("level", .double), ("controllingType", .names), ("levelType", .names),
            ], seed: 4)
    }

    @Test("TradeUpdatePayload decodes as its Codable init does")
    func tradeParity() {
        Self.parity(
            TradeUpdatePayload.self,
            [
                ("kind", .kind), ("order", .int), ("login", .int), ("symbol", .string), ("cmd", .int),
                ("volumeLots", .double), ("openPrice", .double), ("openTime", .date), ("sl", .double),
                ("tp", .double), ("closePrice", .double), ("closeTime", .date), ("commission", .double),
                ("storage", .double), ("profit", .double), ("taxes", .double), ("comment", .string),
            ], seed: 5)
    }

    @Test("UserUpdatePayload decodes as its Codable init does")
    func userParity() {
        Self.parity(
            UserUpdatePayload.self,
            [
                ("kind", .kind), ("login", .int), ("group", .string), ("name", .string), ("country", .string),
                ("leverage", .int), ("balance", .double), ("credit", .double), ("enabled", .bool),
                ("readOnly", .bool), ("regDate", .date), ("lastDate", .date), ("email", .string), ("phone", .string),
                ("comment", .string),
            ], seed: 6)
    }

    @Test("SymbolUpdatePayload decodes as its Codable init does")
    func symbolParity() {
        Self.parity(
            SymbolUpdatePayload.self,
            [
                ("kind", .kind), ("symbol", .string), ("description", .string), ("currency", .string),
                ("digits", .int), ("tradeMode", .int), ("spread", .int), ("stopsLevel", .int),
                ("freezeLevel", .int), ("contractSize", .double), ("tickValue", .double), ("tickSize", .double),
                ("marginInitial", .double), ("marginMaintenance", .double),
            ], seed: 7)
    }

    @Test("MT5MarginCallPayload decodes as its Codable init does")
    func mt5Parity() {
        Self.parity(MT5MarginCallPayload.self, [("login", .int), ("type", .names), ("direction", .int)], seed: 8)
    }

    @Test("UpdateKind on its own decodes as its Codable init does")
    func kindParity() {
        for text in ["0", "1", "2", "3", "-1", "1.0", "1.5", #""Added""#, #""nope""#, "null", "[]", #""1""#] {
            let codable = try? JSONDecoder().decode(UpdateKind.self, from: Data(text.utf8))
            let hub = try? RawJSON(bytes: Array(text.utf8)).decode(UpdateKind.self)
            #expect(codable == hub, "\(text)")
        }
    }
}
