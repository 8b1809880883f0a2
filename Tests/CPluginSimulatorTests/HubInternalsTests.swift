import CPluginClient
import Foundation
import Hummingbird
import Testing

@testable import CPluginSimulator

/// The pieces under the transports: record splitting, the outbox's batching, cutting and waiting.
@Suite("Hub internals")
struct HubInternalsTests {
    @Test("records are cut at 0x1E across chunks")
    func recordReader() throws {
        var reader = HubRecordReader(maxMessageBytes: 100)
        #expect(try reader.append(ByteBuffer(string: "{\"a\":")).isEmpty)
        let records = try reader.append(ByteBuffer(string: "1}\u{1E}{}\u{1E}{\"b\""))
        #expect(records.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{}"])
        #expect(
            try reader.append(ByteBuffer(string: ":2}\u{1E}")).map { String(decoding: $0, as: UTF8.self) } == [
                "{\"b\":2}"
            ])
        #expect(throws: HubRecordReader.ReadError.self) {
            try reader.append(ByteBuffer(string: String(repeating: "x", count: 101)))
        }
    }

    @Test("the outbox hands over everything queued at once, cut at a message boundary under the limit")
    func outboxBatches() async {
        let outbox = HubOutbox()
        for index in 0..<5 { outbox.enqueue(ByteBuffer(string: "{\"n\":\(index)}\u{1E}")) }
        guard case .data(let first) = await outbox.take(maxBytes: 20) else {
            Issue.record("no data")
            return
        }
        #expect(String(buffer: first) == "{\"n\":0}\u{1E}{\"n\":1}\u{1E}")
        guard case .data(let rest) = await outbox.take(maxBytes: 1000) else {
            Issue.record("no data")
            return
        }
        #expect(String(buffer: rest) == "{\"n\":2}\u{1E}{\"n\":3}\u{1E}{\"n\":4}\u{1E}")
        outbox.close(final: ByteBuffer(string: "{\"type\":7}\u{1E}"))
        #expect(!outbox.enqueue(ByteBuffer(string: "late\u{1E}")))
        guard case .data(let close) = await outbox.take(maxBytes: 1000) else {
            Issue.record("no close")
            return
        }
        #expect(String(buffer: close) == "{\"type\":7}\u{1E}")
        guard case .closed = await outbox.take(maxBytes: 1000) else {
            Issue.record("not closed")
            return
        }
    }

    @Test("a waiting take times out, is woken by data, and is superseded by a newer take")
    func outboxWaits() async throws {
        let outbox = HubOutbox()
        guard case .timedOut = await outbox.take(maxBytes: 100, timeout: .milliseconds(50)) else {
            Issue.record("did not time out")
            return
        }
        async let woken = outbox.take(maxBytes: 100, timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(50))
        outbox.enqueue(ByteBuffer(string: "{}\u{1E}"))
        guard case .data = await woken else {
            Issue.record("not woken")
            return
        }
        async let older = outbox.take(maxBytes: 100, timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(50))
        async let newer = outbox.take(maxBytes: 100, timeout: .seconds(5))
        guard case .superseded = await older else {
            Issue.record("the older poll was not superseded")
            return
        }
        outbox.terminate()
        guard case .closed = await newer else {
            Issue.record("the newer poll did not see the close")
            return
        }
    }

    @Test("JSON strings are escaped as JSON requires")
    func jsonStrings() {
        #expect(String(buffer: HubWire.jsonString("a\"b\\c\n\u{1}é")) == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    @Test("the tick fast path writes what JSONEncoder with sorted keys writes")
    func tickJSONMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, 1, -1, 1.1, 1.1018000000000001, 100_000, 123_456_789, 1e20, 1e21, 1e-7, 0.000_01, -2.5e-12,
        ]
        for _ in 0..<2000 {
            values.append(Double.random(in: 0..<3, using: &generator))
            values.append(Double.random(in: -1e9..<1e9, using: &generator).rounded() / 100)
        }
        let times: [Date?] = [nil, Date(timeIntervalSince1970: 1_767_614_431.123), Date(timeIntervalSince1970: 0)]
        for (index, value) in values.enumerated() {
            let tick = TickPayload(
                symbol: index % 7 == 0 ? "WEIRD\"SYM\\" : "EURUSD", bid: value, ask: values[(index + 1) % values.count],
                lastTime: times[index % times.count])
            let fast = try #require(HubTickJSON.encode(tick))
            #expect(String(buffer: fast) == String(decoding: try encoder.encode(tick), as: UTF8.self))
        }
        #expect(HubTickJSON.encode(TickPayload(symbol: "X", bid: .nan, ask: 1, lastTime: nil)) == nil)
    }

    @Test("the margin fast path writes what JSONEncoder with sorted keys writes")
    func marginJSONMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var generator = SystemRandomNumberGenerator()
        for index in 0..<2000 {
            let equity = Double.random(in: -1e9..<1e9, using: &generator).rounded() / 100
            let margin = MarginCallPayload(
                login: Int.random(in: -5...Int(Int32.max), using: &generator),
                group: index % 7 == 0 ? "real\\\"A\n" : "real-A", leverage: index % 500, updated: 1_767_225_600 + index,
                balance: [0, 1, -1, 1e21, 1e-7][index % 5], equity: equity,
                volumeLots: Double.random(in: 0..<3, using: &generator), margin: Double(index) * 1.1,
                free: equity - 1, level: Double.random(in: 0..<3_000, using: &generator),
                controllingType: index % 2, levelType: index % 3)
            let fast = try #require(HubMarginJSON.encode(margin))
            #expect(String(buffer: fast) == String(decoding: try encoder.encode(margin), as: UTF8.self))
        }
        var broken = MarginCallPayload(
            login: 1, group: "g", leverage: 1, updated: 0, balance: 0, equity: 0, volumeLots: 0, margin: 0, free: 0,
            level: 0, controllingType: 0, levelType: 0)
        broken.level = .infinity
        #expect(HubMarginJSON.encode(broken) == nil)
    }

    @Test("a batch cut for the drop fault keeps exactly its first messages", arguments: [1, 2, 3])
    func firstMessagesOfABatch(count: Int) {
        let batch = ByteBuffer(string: "{\"a\":1}\u{1E}{\"b\":2}\u{1E}{\"c\":3}\u{1E}")
        let expected = ["{\"a\":1}\u{1E}", "{\"b\":2}\u{1E}", "{\"c\":3}\u{1E}"].prefix(count).joined()
        #expect(String(buffer: HubConnection.firstMessages(count, of: batch)) == expected)
    }
}
