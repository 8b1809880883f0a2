import AlertModel
import CPluginClient
import Foundation
import Runtime
import Testing

@Suite("Recording format: writer and reader")
struct RecordingFormatTests {
    typealias Support = RecordingTestSupport

    func readAll(_ path: String, chunkSize: Int = 1 << 20) throws -> (RecordingReader, [RecordingLine]) {
        let reader = try RecordingReader(path: path, chunkSize: chunkSize)
        var lines: [RecordingLine] = []
        while let line = try reader.next() { lines.append(line) }
        return (reader, lines)
    }

    @Test(
        "what the writer writes, the reader reads back line for line, payload bytes unchanged",
        arguments: [16, 1 << 20])
    func roundTrip(chunkSize: Int) throws {
        let path = Support.scratchPath()
        let header = RecordingHeader(started: Support.start, host: "risk \"1\"")
        let writer = try RecordingWriter(path: path, header: header, flushLines: 2)
        let hostile = "MT4 \"Live\"\n\\ü"
        let lines: [RecordingLine] = [
            .hub(.margin, payload: Support.margin(login: 7, level: 95), platform: hostile, at: Support.start),
            .pump(connected: false, platform: "P", at: Support.start.adding(milliseconds: 5)),
            .clock(Support.start.adding(milliseconds: 250)),
            .resync(
                margin: MT4MarginLevel(
                    login: 8, group: nil, leverage: 50, updated: 1, balance: 10, equity: 5, volume: 250, margin: 0,
                    free: 5, level: .infinity, controllingType: "Percent", levelType: "Ok"),
                platform: "P", at: Support.start.adding(milliseconds: 300)),
            .legacyTick(
                payload: RawJSON(bytes: Array(#"{"Symbol":"EURUSD","Bid":1.1,"Ask":1.2}"#.utf8)), platform: "P",
                at: Support.start.adding(milliseconds: 400)),
        ]
        for line in lines {
            if case .clock(let time) = line { writer.clock(at: time) } else { writer.write(line) }
        }
        writer.close(endingAt: Support.start.adding(milliseconds: 1000))
        let (reader, read) = try readAll(path, chunkSize: chunkSize)
        #expect(reader.header == header)
        #expect(read == lines + [.end(Support.start.adding(milliseconds: 1000))])
        #expect(reader.bytesRead == reader.totalBytes)
        #expect(reader.lineNumber == lines.count + 2)
    }

    @Test("clock advances with nothing between them are written once, as the last, before the next data line")
    func clockCoalescing() throws {
        let path = Support.scratchPath()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(started: Support.start, host: "h"))
        writer.clock(at: Support.start.adding(milliseconds: 250))
        writer.clock(at: Support.start.adding(milliseconds: 500))
        writer.write(
            .margin, payload: Support.margin(login: 1, level: 90), platform: "P",
            at: Support.start.adding(milliseconds: 600))
        writer.clock(at: Support.start.adding(milliseconds: 750))
        writer.close(endingAt: Support.start.adding(milliseconds: 800))
        let (_, read) = try readAll(path)
        #expect(
            read.map(\.time.milliseconds).map { $0 - Support.start.milliseconds } == [500, 600, 800],
            "the clock at 750 is covered by the end line at 800")
    }

    @Test("a payload pretty-printed over several lines is written as one line")
    func multilinePayload() throws {
        let path = Support.scratchPath()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(started: Support.start, host: "h"))
        let payload = RawJSON(bytes: Array("{\n  \"connected\": true\r\n}".utf8))
        writer.write(.pump, payload: payload, platform: "P", at: Support.start)
        writer.close()
        let (_, read) = try readAll(path)
        guard case .item(let item) = try #require(read.first) else { Issue.record("not an item"); return }
        #expect(try item.payload.decode(ConnectionStatusPayload.self).connected)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test(
        "a bad line is an error naming the file, its line and what is wrong; reading goes on after it",
        arguments: [
            (#"{"t":5,"platform":"P","stream":"margn","payload":{}}"#, #"unknown stream "margn""#),
            (#"{"platform":"P","stream":"margin","payload":{}}"#, #"no "t""#),
            (#"{"t":5,"stream":"margin","payload":{}}"#, #"no "platform""#),
            (#"{"t":5,"platform":"P","stream":"tick","source":"rest","payload":{}}"#, #"unknown source "rest""#),
            (#"{"t":5,"platform":"P","stream":"tick","payload":{"symbol":}"#, "not a recording line: unexpected '}'"),
            (#"{"t":5}"#, #"neither data ("payload"), "clock" nor "end""#),
            ("garbage", "not a recording line"),
        ])
    func badLine(text: String, message: String) throws {
        let path = Support.scratchPath()
        try Support.write(
            """
            {"mtrules_recording":1,"started":0,"host":"h"}
            {"t":1,"clock":true}
            \(text)
            {"t":9,"end":true}

            """, to: path)
        let reader = try RecordingReader(path: path)
        #expect(try reader.next() == .clock(Timestamp(milliseconds: 1)))
        let error = try #require(throws: RecordingError.self) { try reader.next() }
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("\(path):3: error: "))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(try reader.next() == .end(Timestamp(milliseconds: 9)))
        #expect(try reader.next() == nil)
    }

    @Test(
        "a file that is not a recording of this version is refused at line 1",
        arguments: [
            (#"{"mtrules_recording":2,"started":0,"host":"h"}"#, "format version 2 is not supported"),
            (#"{"t":1,"clock":true}"#, "the first line must be"),
            ("hello", "not an mtrules recording"),
        ])
    func badHeader(text: String, message: String) throws {
        let path = Support.scratchPath()
        try Support.write(text + "\n", to: path)
        let error = try #require(throws: RecordingError.self) { try RecordingReader(path: path) }
        #expect(error.line == 1)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a missing file and an empty file say so")
    func missingAndEmpty() throws {
        let path = Support.scratchPath()
        let missing = try #require(throws: RecordingError.self) { try RecordingReader(path: path) }
        #expect(missing.description == "\(path): error: no such file")
        try Support.write("", to: path)
        let empty = try #require(throws: RecordingError.self) { try RecordingReader(path: path) }
        #expect(empty.message.contains("the file is empty"))
    }

    @Test("a last line cut short by a killed recorder is reported as such")
    func cutShort() throws {
        let path = Support.scratchPath()
        try Support.write(
            #"{"mtrules_recording":1,"started":0,"host":"h"}"# + "\n" + #"{"t":5,"platform":"P","stream":"ti"#, to: path
        )
        let reader = try RecordingReader(path: path)
        let error = try #require(throws: RecordingError.self) { try reader.next() }
        #expect(error.line == 2)
        #expect(error.message.contains("the last line is cut short"))
        #expect(try reader.next() == nil)
    }

    @Test("a writer that cannot create its file says where and what to check")
    func unwritable() throws {
        let blocker = Support.scratchPath("file")
        try Support.write("", to: blocker)
        let path = blocker + "/recording.jsonl"
        let error = try #require(throws: RecordingError.self) {
            try RecordingWriter(path: path, header: RecordingHeader(started: Support.start, host: "h"))
        }
        #expect(error.path == path)
        #expect(error.message.contains("cannot"))
    }

    @Test("buffered lines reach the disk within the flush interval, without close")
    func flushesOnTime() async throws {
        let path = Support.scratchPath()
        let writer = try RecordingWriter(
            path: path, header: RecordingHeader(started: Support.start, host: "h"), flushLines: 1000,
            flushInterval: .milliseconds(100))
        writer.write(
            .pump, payload: RawJSON(bytes: Array(#"{"connected":true}"#.utf8)), platform: "P", at: Support.start)
        var lines = 0
        for _ in 0..<100 where lines < 2 {
            try await Task.sleep(for: .milliseconds(50))
            lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
        }
        #expect(lines == 2)
        writer.close()
    }
}
