import CPluginClient
import Testing

@Suite("Hub decoding under hostile input")
struct HubFuzzTests {
    /// Realistic frames: every message type, with the payloads the hubs send.
    static func validFrame() -> [UInt8] {
        let items = [
            #"{"ask":1.10236,"bid":1.10234,"lastTime":"2026-01-05T12:00:31.250","symbol":"EURUSD"}"#,
            #"{"balance":1000,"controllingType":0,"equity":950.3333333333334,"free":-49.66,"group":"real-A","level":95.03,"levelType":1,"leverage":100,"login":1001,"margin":1000,"updated":1767614431,"volumeLots":1.5}"#,
            #"{"kind":0,"order":42,"login":1001,"symbol":"XAUUSD","cmd":1,"volumeLots":12.5,"openPrice":2650.15,"openTime":"2026-01-05T12:00:31","sl":0,"tp":0,"closePrice":0,"closeTime":null,"commission":0,"storage":0,"profit":-35.2,"taxes":0,"comment":"hedge \"A\"\n\u00e9"}"#,
            #"{"kind":"Updated","login":7,"group":"demo","name":"Zo\u00eb","enabled":true,"regDate":"2026-01-05T12:00:31Z"}"#,
            #"{"kind":1,"symbol":"EURUSD","digits":5,"contractSize":100000,"tickSize":1e-5}"#,
            #"{"login":5,"type":2,"direction":1}"#,
        ].map { RawJSON(bytes: Array($0.utf8)) }
        var frame: [UInt8] = []
        HubMessageEncoder.encode(
            .invocation(invocationID: nil, target: "OnTick", arguments: [items[0]], streamIDs: []), into: &frame)
        for (index, item) in items.enumerated() {
            HubMessageEncoder.encode(.streamItem(invocationID: String(index), item: item), into: &frame)
        }
        HubMessageEncoder.encode(
            .invocation(
                invocationID: nil, target: "OnConnectionStatus",
                arguments: [RawJSON(bytes: Array(#"{"connected":true}"#.utf8))], streamIDs: []), into: &frame)
        HubMessageEncoder.encode(.completion(invocationID: "9", result: .bool(true), error: nil), into: &frame)
        HubMessageEncoder.encode(.close(error: "bye", allowReconnect: true), into: &frame)
        HubMessageEncoder.encode(.ping, into: &frame)
        return frame
    }

    static let interesting: [UInt8] =
        Array(#"{}[]",:\/ u0123456789.-+eEtrufalsn"#.utf8) + [0x1E, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xFF]

    static func mutate(_ frame: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = frame
        for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[position] = interesting.randomElement(using: &random)!
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...20, using: &random)))
            case 3: bytes.insert(interesting.randomElement(using: &random)!, at: position)
            case 4:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.removeSubrange(position...)
            }
        }
        return bytes
    }

    /// Everything a client does with a frame: split, parse, decode each payload as every type it could be.
    static func consume(_ bytes: [UInt8], chunk: Int, splitter: inout HubRecordSplitter) -> (messages: Int, errors: Int)
    {
        var messages = 0
        var errors = 0
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            splitter.append(bytes[offset..<end])
            offset = end
            while true {
                do {
                    guard let record = try splitter.next() else { break }
                    let message = try HubMessageParser.parse(record)
                    messages += 1
                    var payloads: [RawJSON] = []
                    switch message {
                    case .invocation(_, _, let arguments, _): payloads = arguments
                    case .streamItem(_, let item): payloads = [item]
                    case .completion(_, let result, _): payloads = result.map { [$0] } ?? []
                    default: break
                    }
                    for payload in payloads {
                        for decode in decoders { if !decode(payload) { errors += 1 } }
                    }
                } catch {
                    errors += 1
                }
            }
        }
        return (messages, errors)
    }

    static let decoders: [@Sendable (RawJSON) -> Bool] = [
        { (try? $0.decode(TickPayload.self)) != nil }, { (try? $0.decode(LegacyTickPayload.self)) != nil },
        { (try? $0.decode(MarginCallPayload.self)) != nil }, { (try? $0.decode(TradeUpdatePayload.self)) != nil },
        { (try? $0.decode(UserUpdatePayload.self)) != nil }, { (try? $0.decode(SymbolUpdatePayload.self)) != nil },
        { (try? $0.decode(MT5MarginCallPayload.self)) != nil },
        { (try? $0.decode(ConnectionStatusPayload.self)) != nil },
        { (try? $0.decode(String.self)) != nil }, { (try? $0.decode([Double?].self)) != nil },
    ]

    @Test("the valid frame decodes whole")
    func valid() {
        var splitter = HubRecordSplitter()
        let (messages, _) = Self.consume(Self.validFrame(), chunk: 7, splitter: &splitter)
        #expect(messages == 11)
    }

    @Test("twenty thousand mutated frames, cut at random, end in values or typed errors, never a crash")
    func mutations() {
        var random = SeededRandom(seed: 2026)
        let frame = Self.validFrame()
        var splitter = HubRecordSplitter(maxRecordSize: 4096)
        var totals = (messages: 0, errors: 0)
        for _ in 0..<20_000 {
            let mutated = Self.mutate(frame, using: &random)
            let result = Self.consume(mutated, chunk: Int.random(in: 1...600, using: &random), splitter: &splitter)
            totals.messages += result.messages
            totals.errors += result.errors
        }
        #expect(totals.messages > 100_000)
        #expect(totals.errors > 1000)
    }

    @Test("random bytes and random JSON-ish text never crash the reader")
    func noise() {
        var random = SeededRandom(seed: 99)
        for round in 0..<50_000 {
            let count = Int.random(in: 0..<64, using: &random)
            let bytes = (0..<count).map { _ in
                round % 2 == 0
                    ? UInt8.random(in: 0...255, using: &random) : Self.interesting.randomElement(using: &random)!
            }
            _ = try? JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONReaderError) in
                try reader.skipValue()
                try reader.expectEnd()
            }
            _ = try? HubMessageParser.parse(bytes)
            _ = try? HubHandshake.parseResponse(bytes)
            for decode in Self.decoders { _ = decode(RawJSON(bytes: bytes)) }
        }
    }
}
