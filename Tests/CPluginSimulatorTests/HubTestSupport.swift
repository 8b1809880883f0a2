import CPluginClient
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import CPluginSimulator

/// A failure with a message that says what went wrong, thrown by the hub test helpers.
struct HubTestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A stub `HubEnvironment`: one MT4 and one MT5 platform with broadcasters the tests publish to, one valid token,
/// and faults the tests change while connections run.
final class HubTestEnvironment: HubEnvironment {
    static let token = "hub-test-token"

    let mt4 = SimulatedPlatform(
        id: UUID(uuidString: "0b7e1c44-1111-4000-8000-000000000004")!, name: "MT4-Test", type: .mt4, login: 1,
        organizationId: UUID())
    let mt5 = SimulatedPlatform(
        id: UUID(uuidString: "0b7e1c44-1111-4000-8000-000000000005")!, name: "MT5-Test", type: .mt5, login: 1,
        organizationId: UUID())
    let mt4Events = EventBroadcaster()
    let mt5Events = EventBroadcaster()
    private let plan = Mutex(FaultPlan.none)
    private let pump = Mutex(true)

    func platform(id: UUID) -> SimulatedPlatform? { [mt4, mt5].first { $0.id == id } }

    func broadcaster(for platformID: UUID) -> EventBroadcaster? {
        platformID == mt4.id ? mt4Events : platformID == mt5.id ? mt5Events : nil
    }

    func isPumpConnected(_ platformID: UUID) -> Bool { pump.withLock { $0 } }
    func isAuthorized(token: String) async -> Bool { token == Self.token }
    func faults() -> FaultPlan { plan.withLock { $0 } }

    func setFaults(_ faults: FaultPlan) { plan.withLock { $0 = faults } }

    var mt4Query: String { "tradePlatform=\(mt4.id.uuidString.lowercased())" }
    var mt5Query: String { "tradePlatform=\(mt5.id.uuidString.lowercased())" }

    /// Publishes to the MT4 platform until a subscriber (a hub connection) is there, so a test never races the
    /// connection's subscription.
    func waitForSubscribers(_ broadcaster: EventBroadcaster, count: Int = 1) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while broadcaster.subscriberCount < count {
            guard ContinuousClock.now < deadline else { throw HubTestFailure("no hub connection subscribed") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

extension HubOptions {
    /// Timings short enough for tests, long enough not to fire by accident on a busy machine.
    static let testing = HubOptions(
        keepAliveInterval: .seconds(30), clientTimeout: .seconds(30), handshakeTimeout: .seconds(10),
        longPollTimeout: .seconds(1), disconnectTimeout: .seconds(10))
}

/// Tick helpers.
func hubTick(_ symbol: String, bid: Double = 1.1, ask: Double = 1.1002) -> MarketEvent {
    .tick(TickPayload(symbol: symbol, bid: bid, ask: ask, lastTime: Date(timeIntervalSince1970: 1_767_614_431.123)))
}

/// Runs `test` against a hub server on 127.0.0.1 with a free port, built the way the server assembly builds it.
func withHubServer(
    options: HubOptions = .testing, _ test: @Sendable (HubTestEnvironment, Int) async throws -> Void
) async throws {
    let environment = HubTestEnvironment()
    let endpoints = HubEndpoints(environment: environment, options: options)
    let router = Router()
    endpoints.addRoutes(to: router)
    let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
    endpoints.addWebSocketRoutes(to: webSocketRouter)
    let app = Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: webSocketRouter,
            configuration: .init(ws: .init(maxFrameSize: 1 << 20, autoPing: .disabled))),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        guard let port = client.port else { throw HubTestFailure("the live test server has no port") }
        try await test(environment, port)
    }
}

// MARK: Raw sockets

/// A TCP connection to the test server whose received bytes the test inspects as they arrive: raw enough to send
/// a SignalR message split across WebSocket frames and to read an event stream incrementally.
final class HubTestSocket: Sendable {
    private struct Received {
        var bytes: [UInt8] = []
        var closed = false
    }

    private let received = Mutex(Received())
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    private init(writer: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.writer = writer
    }

    static func connect<T: Sendable>(port: Int, _ body: (HubTestSocket) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let socket = HubTestSocket(writer: outbound)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await chunk in inbound {
                            socket.received.withLock { $0.bytes.append(contentsOf: chunk.readableBytesView) }
                        }
                    } catch {}
                    socket.received.withLock { $0.closed = true }
                }
                do {
                    let value = try await body(socket)
                    group.cancelAll()
                    return value
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: bytes))
    }

    func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    var isClosed: Bool { received.withLock { $0.closed } }

    /// Polls the received bytes until `extract` finds what it wants (it may consume bytes), or fails after
    /// `timeout`. `extract` also sees whether the peer closed.
    @discardableResult
    func wait<T>(
        for what: String, timeout: Duration = HubTestTimeout.positive, _ extract: (inout [UInt8], Bool) throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try received.withLock { try extract(&$0.bytes, $0.closed) }
            if let found { return found }
            guard ContinuousClock.now < deadline else { throw HubTestFailure("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Runs `body` on the bytes received so far, without waiting.
    func receivedSnapshot<T>(_ body: (inout [UInt8], Bool) throws -> T) throws -> T {
        try received.withLock { try body(&$0.bytes, $0.closed) }
    }

    /// Waits until the peer closed the connection.
    func waitUntilClosed(timeout: Duration = HubTestTimeout.positive) async throws {
        _ = try await wait(for: "the server to close the connection", timeout: timeout) { _, closed in
            closed ? true : nil
        }
    }
}

/// A raw HTTP/1.1 response.
struct HubHTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: HubJSONValue] {
        guard case .object(let object) = try JSONDecoder().decode(HubJSONValue.self, from: Data(body)) else {
            throw HubTestFailure("not a JSON object: \(text)")
        }
        return object
    }

    /// Parses a head (status line and headers) from the start of `bytes`; nil until it is complete.
    static func parseHead(_ bytes: [UInt8]) -> (status: Int, headers: [String: String], bodyStart: Int)? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == marker })
        else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return (status, headers, end + 4)
    }

    /// Decodes complete chunks of a chunked body from `raw` (consuming them) into `body`; true at the last chunk.
    static func dechunk(_ raw: inout [UInt8], into body: inout [UInt8]) -> Bool {
        while let lineEnd = (0..<max(0, raw.count - 1)).first(where: { raw[$0] == 13 && raw[$0 + 1] == 10 }) {
            let sizeText = String(decoding: raw[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
            if size == 0 { return true }
            let start = lineEnd + 2
            guard raw.count >= start + size + 2 else { return false }
            body.append(contentsOf: raw[start..<start + size])
            raw.removeFirst(start + size + 2)
        }
        return false
    }
}

/// One HTTP request on its own connection (`Connection: close`), read to the end.
func hubHTTP(
    port: Int, _ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = [],
    timeout: Duration = .seconds(10)
) async throws -> HubHTTPResponse {
    try await HubTestSocket.connect(port: port) { socket in
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try await socket.write(Array(head.utf8) + body)
        return try await socket.wait(for: "the response to \(method) \(target)", timeout: timeout) { bytes, closed in
            guard let head = HubHTTPResponse.parseHead(bytes) else { return nil }
            var raw = Array(bytes[head.bodyStart...])
            if head.headers["transfer-encoding"]?.lowercased() == "chunked" {
                var body: [UInt8] = []
                guard HubHTTPResponse.dechunk(&raw, into: &body) else { return nil }
                return HubHTTPResponse(status: head.status, headers: head.headers, body: body)
            }
            if let length = head.headers["content-length"].flatMap(Int.init) {
                guard raw.count >= length else { return nil }
                return HubHTTPResponse(status: head.status, headers: head.headers, body: Array(raw.prefix(length)))
            }
            guard closed else { return nil }
            return HubHTTPResponse(status: head.status, headers: head.headers, body: raw)
        }
    }
}

let hubBearer = ["Authorization": "Bearer \(HubTestEnvironment.token)"]

// MARK: SignalR messages

/// A server message as the tests read it.
struct HubTestMessage: Decodable, Sendable, CustomStringConvertible {
    var type: Int?
    var target: String?
    var invocationId: String?
    var arguments: [HubJSONValue]?
    var item: HubJSONValue?
    var result: HubJSONValue?
    var error: String?
    var allowReconnect: Bool?
    var raw = ""

    enum CodingKeys: String, CodingKey {
        case type, target, invocationId, arguments, item, result, error, allowReconnect
    }

    var description: String { raw }

    /// `{}`, the successful handshake answer.
    var isHandshakeOK: Bool { raw == "{}" }

    static func parse(_ record: [UInt8]) throws -> HubTestMessage {
        var message = try JSONDecoder().decode(HubTestMessage.self, from: Data(record))
        message.raw = String(decoding: record, as: UTF8.self)
        return message
    }

    /// Splits complete records off the front of `bytes`.
    static func records(_ bytes: inout [UInt8]) throws -> [HubTestMessage] {
        var messages: [HubTestMessage] = []
        while let end = bytes.firstIndex(of: 0x1E) {
            messages.append(try parse(Array(bytes[..<end])))
            bytes.removeFirst(end + 1)
        }
        return messages
    }
}

extension HubJSONValue {
    subscript(key: String) -> HubJSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    var number: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }
}

/// A SignalR client over a raw WebSocket, with masked client frames and the server's frames read as they come.
final class HubTestWebSocket {
    let socket: HubTestSocket
    private var stream: [UInt8] = []
    private var messages: [HubTestMessage] = []
    private(set) var closeFrameReceived = false

    private init(socket: HubTestSocket) {
        self.socket = socket
    }

    /// Opens `target` on a fresh connection and runs `body` with the socket upgraded; fails unless the server
    /// answers `101`.
    static func connect<T: Sendable>(
        port: Int, _ target: String, headers: [String: String] = hubBearer, _ body: (HubTestWebSocket) async throws -> T
    ) async throws -> T {
        try await HubTestSocket.connect(port: port) { socket in
            let status = try await upgrade(socket, port: port, target: target, headers: headers)
            guard status == 101 else { throw HubTestFailure("WebSocket upgrade of \(target) answered \(status)") }
            return try await body(HubTestWebSocket(socket: socket))
        }
    }

    /// The status the server answers an upgrade request with.
    static func upgradeStatus(port: Int, _ target: String, headers: [String: String] = hubBearer) async throws -> Int {
        try await HubTestSocket.connect(port: port) { socket in
            try await upgrade(socket, port: port, target: target, headers: headers)
        }
    }

    private static func upgrade(
        _ socket: HubTestSocket, port: Int, target: String, headers: [String: String]
    )
        async throws -> Int
    {
        var head =
            "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try await socket.write(head + "\r\n")
        return try await socket.wait(for: "the upgrade answer") { bytes, _ in
            guard let head = HubHTTPResponse.parseHead(bytes) else { return nil }
            bytes.removeFirst(head.bodyStart)
            return head.status
        }
    }

    /// Sends `text` in one text frame, or as a fragment when `opcode` is continuation or `fin` is false.
    func sendFrame(_ text: String, opcode: UInt8 = 1, fin: Bool = true) async throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame.append(0x80 | 126)
            frame.append(UInt8(payload.count >> 8))
            frame.append(UInt8(payload.count & 0xFF))
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame.append(contentsOf: mask)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index % 4]) }
        try await socket.write(frame)
    }

    /// Sends complete SignalR messages (each gets its record separator) in one text frame.
    func send(_ messages: String...) async throws {
        try await sendFrame(messages.map { $0 + "\u{1E}" }.joined())
    }

    func handshake() async throws {
        try await send(#"{"protocol":"json","version":1}"#)
        let answer = try await next()
        guard answer.isHandshakeOK else { throw HubTestFailure("handshake answered \(answer)") }
    }

    /// The next server message.
    func next(timeout: Duration = HubTestTimeout.positive) async throws -> HubTestMessage {
        if !messages.isEmpty { return messages.removeFirst() }
        try await socket.wait(for: "a hub message", timeout: timeout) { bytes, closed in
            try self.consumeFrames(&bytes)
            if !self.messages.isEmpty { return true }
            if closed || self.closeFrameReceived { throw HubTestFailure("the connection closed") }
            return nil
        }
        return messages.removeFirst()
    }

    /// Waits until the server has handled every message sent before: it handles a connection's messages in order, so
    /// once it answers an invocation sent now (of a method no hub has), a stream asked for earlier is in place and
    /// events published next reach it. A fixed sleep instead loses the race on a busy machine.
    func barrier() async throws {
        try await send(#"{"type":1,"invocationId":"barrier","target":"TestBarrier","arguments":[]}"#)
        while true {
            let message = try await nextNonPing()
            if message.invocationId == "barrier" { return }
        }
    }

    /// The next message that is not a Ping.
    func nextNonPing(timeout: Duration = HubTestTimeout.positive) async throws -> HubTestMessage {
        while true {
            let message = try await next(timeout: timeout)
            if message.type != 6 { return message }
        }
    }

    /// Asserts nothing but pings arrives for `duration`.
    func expectSilence(for duration: Duration) async throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            try socket.receivedSnapshot { bytes, _ in try self.consumeFrames(&bytes) }
            messages.removeAll { $0.type == 6 }
            if let unexpected = messages.first { throw HubTestFailure("unexpected message \(unexpected)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the server's WebSocket close frame or the end of the connection.
    func waitForClose(timeout: Duration = HubTestTimeout.positive) async throws {
        try await socket.wait(for: "the WebSocket to close", timeout: timeout) { bytes, closed in
            try self.consumeFrames(&bytes)
            return closed || self.closeFrameReceived ? true : nil
        }
    }

    /// Messages received and not yet read, without waiting.
    func drain() throws -> [HubTestMessage] {
        try socket.receivedSnapshot { bytes, _ in try self.consumeFrames(&bytes) }
        defer { messages.removeAll() }
        return messages
    }

    private func consumeFrames(_ bytes: inout [UInt8]) throws {
        while bytes.count >= 2 {
            let opcode = bytes[0] & 0x0F
            var length = Int(bytes[1] & 0x7F)
            var offset = 2
            if length == 126 {
                guard bytes.count >= 4 else { return }
                length = Int(bytes[2]) << 8 | Int(bytes[3])
                offset = 4
            } else if length == 127 {
                guard bytes.count >= 10 else { return }
                length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
                offset = 10
            }
            guard bytes.count >= offset + length else { return }
            let payload = Array(bytes[offset..<offset + length])
            bytes.removeFirst(offset + length)
            switch opcode {
            case 0, 1, 2: stream.append(contentsOf: payload)
            case 8: closeFrameReceived = true
            default: break
            }
        }
        messages.append(contentsOf: try HubTestMessage.records(&stream))
    }
}

/// How long a test waits for something that must happen. Generous: a passing test never waits it out, and the whole
/// suite runs in parallel on 2 cores, where CPU-heavy tests can hold both threads for many seconds.
enum HubTestTimeout {
    static let positive: Duration = .seconds(60)
}
