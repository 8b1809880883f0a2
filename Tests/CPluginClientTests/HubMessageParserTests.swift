import CPluginClient
import Testing

@Suite("Hub message parser and encoder")
struct HubMessageParserTests {
    func parse(_ text: String) throws(HubProtocolError) -> HubMessage {
        try HubMessageParser.parse(Array(text.utf8))
    }

    func failure(_ text: String) -> HubProtocolError? {
        failure(Array(text.utf8))
    }

    func failure(_ bytes: [UInt8]) -> HubProtocolError? {
        do {
            _ = try HubMessageParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    static func raw(_ text: String) -> RawJSON { RawJSON(bytes: Array(text.utf8)) }

    @Test(
        "reads every message type, properties in any order, unknown ones ignored",
        arguments: [
            (
                #"{"type":1,"target":"OnTick","arguments":[{"symbol":"EURUSD","bid":1.1}]}"#,
                HubMessage.invocation(
                    invocationID: nil, target: "OnTick", arguments: [raw(#"{"symbol":"EURUSD","bid":1.1}"#)],
                    streamIDs: [])
            ),
            (
                #"{"arguments":[ "a" , 2 ],"headers":{"x":"y"},"streamIds":["s1"],"invocationId":"9","target":"T","type":1}"#,
                .invocation(invocationID: "9", target: "T", arguments: [raw(#""a""#), raw("2")], streamIDs: ["s1"])
            ),
            (
                #"{"type":1,"invocationId":"","target":"T","arguments":[],"streamIds":null}"#,
                .invocation(invocationID: nil, target: "T", arguments: [], streamIDs: [])
            ),
            (
                #"{"type":2,"invocationId":"3","item":{"login":1001,"level":95.5}}"#,
                .streamItem(invocationID: "3", item: raw(#"{"login":1001,"level":95.5}"#))
            ),
            (#"{"item":null,"invocationId":"3","type":2}"#, .streamItem(invocationID: "3", item: .null)),
            (
                #"{"type":3,"invocationId":"4","result":true}"#,
                .completion(invocationID: "4", result: raw("true"), error: nil)
            ),
            (
                #"{"type":3,"invocationId":"4","result":null}"#,
                .completion(invocationID: "4", result: .null, error: nil)
            ),
            (
                #"{"type":3,"invocationId":"4","error":"Failed to invoke 'X'."}"#,
                .completion(invocationID: "4", result: nil, error: "Failed to invoke 'X'.")
            ),
            (#"{"type":3,"invocationId":"4"}"#, .completion(invocationID: "4", result: nil, error: nil)),
            (
                #"{"type":3,"invocationId":"4","error":null,"result":1}"#,
                .completion(invocationID: "4", result: raw("1"), error: nil)
            ),
            (
                #"{"type":4,"invocationId":"5","target":"StreamTicks","arguments":["EURUSD"]}"#,
                .streamInvocation(
                    invocationID: "5", target: "StreamTicks", arguments: [raw(#""EURUSD""#)], streamIDs: [])
            ),
            (#"{"type":5,"invocationId":"5"}"#, .cancelInvocation(invocationID: "5")),
            (#"{"type":6}"#, .ping),
            (" {\n\"type\" : 6 } ", .ping),
            (#"{"type":7}"#, .close(error: nil, allowReconnect: false)),
            (
                #"{"type":7,"error":"Server is shutting down.","allowReconnect":true}"#,
                .close(error: "Server is shutting down.", allowReconnect: true)
            ),
            (#"{"type":8,"sequenceId":3}"#, .other(type: 8)),
            (#"{"type":9,"sequenceId":3}"#, .other(type: 9)),
            (#"{"type":99}"#, .other(type: 99)),
            (#"{"type":0}"#, .other(type: 0)),
            (#"{"type":-1}"#, .other(type: -1)),
            (#"{"type":6}"# + "\u{1E}", .ping),
        ])
    func messages(_ text: String, _ expected: HubMessage) throws {
        #expect(try parse(text) == expected)
    }

    @Test(
        "a message without a property its type requires names that property",
        arguments: [
            (#"{}"#, "type"), (#"{"target":"T"}"#, "type"), (#"{"type":1,"arguments":[]}"#, "target"),
            (#"{"type":1,"target":"T"}"#, "arguments"), (#"{"type":2,"item":1}"#, "invocationId"),
            (#"{"type":2,"invocationId":"1"}"#, "item"), (#"{"type":3}"#, "invocationId"),
            (#"{"type":3,"invocationId":null}"#, "invocationId"),
            (#"{"type":4,"target":"T","arguments":[]}"#, "invocationId"),
            (#"{"type":4,"invocationId":"1","arguments":[]}"#, "target"), (#"{"type":5}"#, "invocationId"),
        ])
    func missing(_ text: String, _ field: String) {
        #expect(failure(text)?.kind == .missingField(field))
    }

    @Test(
        "a property of the wrong type is named",
        arguments: [
            (#"{"type":"1"}"#, "type"), (#"{"type":1.5}"#, "type"),
            (#"{"type":1,"target":5,"arguments":[]}"#, "target"),
            (#"{"type":1,"target":"T","arguments":{}}"#, "arguments"),
            (#"{"type":2,"invocationId":1,"item":1}"#, "invocationId"),
            (#"{"type":1,"target":"T","arguments":[],"streamIds":[1]}"#, "streamIds"),
            (#"{"type":7,"allowReconnect":"yes"}"#, "allowReconnect"), (#"{"type":7,"error":false}"#, "error"),
            (#"{"type":1,"target":"\ud800","arguments":[]}"#, "target"),
        ])
    func wrongType(_ text: String, _ field: String) {
        guard case .invalidField(let name, _) = failure(text)?.kind else {
            Issue.record("\(text): \(String(describing: failure(text)))")
            return
        }
        #expect(name == field)
    }

    @Test(
        "malformed JSON is reported as such",
        arguments: [
            "", " ", "[]", "6", "null", #"{"type":6"#, #"{"type":6}}"#, #"{"type":6,}"#, #"{"type":6} {"type":6}"#,
            #"{"type":1,"target":"T","arguments":[1,]}"#, #"{"type":2,"invocationId":"1","item":{"a":01}}"#,
            #"{"type":2,"invocationId":"1","item":"\x"}"#, "{\"type\":6,\"x\":\"a\u{1}\"}", "\u{1E}\u{1E}",
        ])
    func malformed(_ text: String) {
        guard case .malformedJSON = failure(text)?.kind else {
            Issue.record("\(text.debugDescription): \(String(describing: failure(text)))")
            return
        }
    }

    @Test("a completion with both a result and an error is refused")
    func conflicting() {
        #expect(
            failure(#"{"type":3,"invocationId":"1","result":1,"error":"x"}"#)?.kind
                == .conflictingFields("result", "error"))
    }

    @Test("errors quote a short excerpt of the record, never all of a huge one")
    func excerpts() {
        let error = failure(#"{"type":1,"target":5,"arguments":[]}"#)
        #expect(error?.description.contains(#"{"type":1,"target":5"#) == true)
        let huge = #"{"type":2,"invocationId":"1","item":[""# + String(repeating: "x", count: 100_000) + "\u{7}\"]}"
        let hugeError = failure(huge)
        let description = hugeError?.description ?? ""
        #expect(description.count < 300, "\(description)")
        #expect(description.contains("\\u{7}"))
        #expect(description.contains("100043 bytes") || description.contains("bytes"))
    }

    static let roundTrip: [HubMessage] = [
        .invocation(invocationID: nil, target: "SubscribeToTicks", arguments: [.string("EURUSD")], streamIDs: []),
        .invocation(
            invocationID: "12", target: "Méthode \"quoted\"\n",
            arguments: [.int(1), .bool(false), .double(2.5), .null],
            streamIDs: ["a", "b"]),
        .streamItem(invocationID: "3", item: raw(#"{"symbol":"EURUSD","bid":1.1,"ask":1.2,"lastTime":null}"#)),
        .completion(invocationID: "4", result: .bool(true), error: nil),
        .completion(invocationID: "4", result: nil, error: "boom \u{1}"),
        .completion(invocationID: "4", result: nil, error: nil),
        .streamInvocation(invocationID: "5", target: "StreamTicks", arguments: [], streamIDs: []),
        .cancelInvocation(invocationID: "5"),
        .ping,
        .close(error: nil, allowReconnect: false),
        .close(error: "bye", allowReconnect: true),
        .other(type: 9),
    ]

    @Test("what the encoder writes, the parser reads back the same", arguments: roundTrip)
    func roundTrips(_ message: HubMessage) throws {
        let bytes = HubMessageEncoder.encode(message)
        #expect(bytes.last == HubRecordSplitter.recordSeparator)
        #expect(bytes.dropLast().contains(HubRecordSplitter.recordSeparator) == false)
        #expect(try HubMessageParser.parse(Array(bytes.dropLast())) == message)
    }

    @Test(
        "the encoder writes messages as ASP.NET does",
        arguments: [
            (
                HubMessage.invocation(
                    invocationID: "1", target: "SubscribeToTicks", arguments: [.string("EURUSD")], streamIDs: []),
                #"{"type":1,"invocationId":"1","target":"SubscribeToTicks","arguments":["EURUSD"]}"#
            ),
            (
                .invocation(invocationID: nil, target: "Ping", arguments: [], streamIDs: ["7"]),
                #"{"type":1,"target":"Ping","arguments":[],"streamIds":["7"]}"#
            ),
            (
                .streamInvocation(invocationID: "2", target: "StreamTrades", arguments: [], streamIDs: []),
                #"{"type":4,"invocationId":"2","target":"StreamTrades","arguments":[]}"#
            ),
            (.cancelInvocation(invocationID: "2"), #"{"type":5,"invocationId":"2"}"#),
            (.ping, #"{"type":6}"#),
            (.close(error: nil, allowReconnect: false), #"{"type":7}"#),
            (.close(error: "x", allowReconnect: true), #"{"type":7,"error":"x","allowReconnect":true}"#),
            (
                .completion(invocationID: "1", result: .null, error: nil),
                #"{"type":3,"invocationId":"1","result":null}"#
            ),
            (.streamItem(invocationID: "1", item: .int(5)), #"{"type":2,"invocationId":"1","item":5}"#),
        ])
    func encoding(_ message: HubMessage, _ expected: String) {
        #expect(HubMessageEncoder.encode(message) == Array(expected.utf8) + [HubRecordSplitter.recordSeparator])
    }

    @Test("several encoded messages batch into one frame that splits back into them")
    func batch() throws {
        var frame: [UInt8] = []
        for message in Self.roundTrip { HubMessageEncoder.encode(message, into: &frame) }
        var splitter = HubRecordSplitter()
        splitter.append(frame)
        var parsed: [HubMessage] = []
        while let record = try splitter.next() { parsed.append(try HubMessageParser.parse(record)) }
        #expect(parsed == Self.roundTrip)
    }

    @Test("the handshake request is the JSON protocol, version 1, with its separator")
    func handshakeRequest() {
        #expect(HubHandshake.request == Array(#"{"protocol":"json","version":1}"#.utf8) + [0x1E])
    }

    @Test(
        "handshake responses: empty is accepted, an error is refused with its text, extra fields are fine",
        arguments: [
            ("{}", HubHandshakeResponse()),
            (#"{"minorVersion":1}"#, HubHandshakeResponse(minorVersion: 1)),
            (
                #"{"error":"Requested protocol 'x' is not available."}"#,
                HubHandshakeResponse(error: "Requested protocol 'x' is not available.")
            ),
            (#"{"error":null,"minorVersion":null,"extra":[1,{"a":2}]}"#, HubHandshakeResponse()),
            ("{ }\u{1E}", HubHandshakeResponse()),
        ])
    func handshakeResponse(_ text: String, _ expected: HubHandshakeResponse) throws {
        let response = try HubHandshake.parseResponse(Array(text.utf8))
        #expect(response == expected)
        #expect(response.isAccepted == (expected.error == nil))
    }

    @Test("a malformed handshake response is an error", arguments: ["", "[]", "{", #"{"error":5}"#, "{}x"])
    func badHandshake(_ text: String) {
        #expect(throws: HubProtocolError.self) { try HubHandshake.parseResponse(Array(text.utf8)) }
    }

    @Test("the handshake response and the first messages may share one frame")
    func handshakeThenMessages() throws {
        var splitter = HubRecordSplitter()
        splitter.append(Array("{}\u{1E}{\"type\":6}\u{1E}".utf8))
        let first = try #require(try splitter.next())
        #expect(try HubHandshake.parseResponse(first).isAccepted)
        let second = try #require(try splitter.next())
        #expect(try HubMessageParser.parse(second) == .ping)
    }
}
