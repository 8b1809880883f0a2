import CPluginClient
import NIOCore
import Testing

@Suite("Hub record splitter")
struct HubRecordSplitterTests {
    static let separator = HubRecordSplitter.recordSeparator

    /// Every complete record the splitter yields after `chunks` are appended one by one.
    func records(_ chunks: [[UInt8]], maxRecordSize: Int = HubRecordSplitter.defaultMaxRecordSize) throws -> [String] {
        var splitter = HubRecordSplitter(maxRecordSize: maxRecordSize)
        var records: [String] = []
        for chunk in chunks {
            splitter.append(chunk)
            while let record = try splitter.next() { records.append(String(decoding: record, as: UTF8.self)) }
        }
        return records
    }

    func frame(_ records: [String]) -> [UInt8] {
        records.flatMap { Array($0.utf8) + [Self.separator] }
    }

    @Test("one transport frame may hold several records")
    func several() throws {
        let messages = [#"{"type":6}"#, #"{"type":1,"target":"OnTick","arguments":[{}]}"#, "{}"]
        #expect(try records([frame(messages)]) == messages)
    }

    @Test("records split at every byte position come out whole, and nothing is returned early")
    func everySplit() throws {
        let messages = [#"{"type":2,"invocationId":"1","item":{"symbol":"EURUSD","bid":1.1}}"#, #"{"type":6}"#]
        let bytes = frame(messages)
        for cut in 0...bytes.count {
            #expect(try records([Array(bytes[..<cut]), Array(bytes[cut...])]) == messages, "cut at \(cut)")
        }
        for first in 0..<bytes.count {
            for second in first...bytes.count {
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                #expect(try records(chunks) == messages)
            }
        }
        #expect(try records(bytes.map { [$0] }) == messages)
    }

    @Test("a partial record stays buffered until its separator arrives")
    func partial() throws {
        var splitter = HubRecordSplitter()
        splitter.append(Array(#"{"type":"#.utf8))
        #expect(try splitter.next() == nil)
        #expect(splitter.bufferedByteCount == 8)
        splitter.append(Array("6}".utf8) + [Self.separator] + Array("{".utf8))
        #expect(try splitter.next().map { String(decoding: $0, as: UTF8.self) } == #"{"type":6}"#)
        #expect(try splitter.next() == nil)
        #expect(splitter.bufferedByteCount == 1)
    }

    @Test("empty records are returned as empty, for the parser to reject")
    func empty() throws {
        #expect(try records([[Self.separator, Self.separator]]) == ["", ""])
    }

    @Test("a record of exactly the limit passes; one byte more is an error, after which reading resumes")
    func limit() throws {
        var splitter = HubRecordSplitter(maxRecordSize: 10)
        splitter.append(Array("0123456789".utf8) + [Self.separator])
        #expect(try splitter.next()?.count == 10)
        splitter.append(Array("0123456789A".utf8) + [Self.separator] + Array("ok".utf8) + [Self.separator])
        #expect(throws: HubProtocolError.self) { try splitter.next() }
        #expect(try splitter.next().map { String(decoding: $0, as: UTF8.self) } == "ok")
        #expect(try splitter.next() == nil)
    }

    @Test("bytes without a separator are reported once past the limit, dropped until the next separator")
    func missingSeparator() throws {
        var splitter = HubRecordSplitter(maxRecordSize: 64)
        var thrown: [HubProtocolError] = []
        for _ in 0..<100 {
            splitter.append([UInt8](repeating: UInt8(ascii: "x"), count: 10))
            do {
                while try splitter.next() != nil { Issue.record("no record expected") }
            } catch {
                thrown.append(error)
            }
            #expect(splitter.bufferedByteCount <= 74)
        }
        #expect(thrown.count == 1)
        #expect(thrown.first?.kind == .recordTooLarge(size: 70, limit: 64))
        let description = thrown.first?.description ?? ""
        #expect(description.count < 200)
        #expect(description.contains("xxxx"))
        splitter.append(Array("tail".utf8) + [Self.separator] + Array(#"{"type":6}"#.utf8) + [Self.separator])
        #expect(try splitter.next().map { String(decoding: $0, as: UTF8.self) } == #"{"type":6}"#)
    }

    @Test("a huge stream of small frames is split in linear time and the buffer stays small")
    func manyFrames() throws {
        var splitter = HubRecordSplitter()
        let record = frame([#"{"type":2,"invocationId":"7","item":{"login":1001}}"#])
        var count = 0
        for index in 0..<200_000 {
            // Cut the stream into frames of varying size that straddle records.
            let cut = index % record.count
            splitter.append(record[..<cut])
            splitter.append(record[cut...])
            while try splitter.next() != nil { count += 1 }
        }
        #expect(count == 200_000)
        #expect(splitter.bufferedByteCount == 0)
    }

    @Test("frames arrive as NIO byte buffers too")
    func byteBuffer() throws {
        var splitter = HubRecordSplitter()
        var buffer = ByteBuffer(string: #"{"type":6}"#)
        buffer.writeInteger(Self.separator)
        buffer.writeString("{}")
        buffer.moveReaderIndex(forwardBy: 0)
        splitter.append(buffer)
        splitter.append(ByteBuffer(bytes: [Self.separator]))
        #expect(try splitter.next()?.count == 10)
        #expect(try splitter.next()?.count == 2)
    }
}
