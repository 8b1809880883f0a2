import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// A minimal SignalR server over WebSockets that answers the handshake and then sends exactly the frames a test
/// scripts, however malformed, to see what the client does with them, and records what the client sends. Each
/// connection gets the script again. `/redirect/negotiate` redirects to `/hub` with another access token.
final class ScriptedHubServer: Sendable {
    struct Script: Sendable {
        /// Sent one WebSocket text frame each after the handshake answer.
        var frames: [String]
        /// Hub messages to wait for from the client (after its handshake) before the frames are sent.
        var waitForClientMessages = 0
        /// 0: answer negotiate as version 0 (no `connectionToken`; the `connectionId` is the transport id).
        var negotiateVersion = 1
    }

    let baseURL: String
    private let task: Task<Void, any Error>
    private let record: Record

    /// WebSocket connections accepted so far.
    var connections: Int { record.state.withLock { $0.connections } }
    /// Every text frame clients sent, the handshake included.
    var received: [String] { record.state.withLock { $0.received } }
    /// The `access_token` and `id` query values of each WebSocket connection.
    var connectQueries: [[String: String]] { record.state.withLock { $0.queries } }

    private final class Record: Sendable {
        struct State {
            var connections = 0
            var received: [String] = []
            var queries: [[String: String]] = []
        }
        let state = Mutex(State())
    }

    static func start(frames: [String]) async throws -> ScriptedHubServer {
        try await start(Script(frames: frames))
    }

    static func start(_ script: Script) async throws -> ScriptedHubServer {
        let record = Record()
        let router = Router()
        router.post("/hub/negotiate") { _, _ -> Response in
            let body =
                script.negotiateVersion >= 1
                ? #"{"negotiateVersion":1,"connectionId":"c1","connectionToken":"t1","availableTransports":"#
                    + #"[{"transport":"WebSockets","transferFormats":["Text"]}]}"#
                : #"{"connectionId":"c0","availableTransports":"#
                    + #"[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]}"#
            return json(body)
        }
        let webSockets = Router(context: BasicWebSocketRequestContext.self)
        webSockets.ws(
            "/hub",
            shouldUpgrade: { request, _ in
                var query: [String: String] = [:]
                for name in ["access_token", "id"] {
                    if let value = request.uri.queryParameters[Substring(name)] { query[name] = String(value) }
                }
                record.state.withLock { $0.queries.append(query) }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, _ in
                record.state.withLock { $0.connections += 1 }
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                func receive() async -> Bool {
                    guard case .text(let text)? = try? await messages.next() else { return false }
                    record.state.withLock { $0.received.append(text) }
                    return true
                }
                guard await receive() else { return }
                try? await outbound.write(.text("{}\u{1E}"))
                for _ in 0..<script.waitForClientMessages {
                    guard await receive() else { return }
                }
                for frame in script.frames {
                    try? await outbound.write(.text(frame))
                }
                while await receive() {}
            })
        let ready = AsyncStream<Int>.makeStream()
        let port = Mutex(0)
        router.post("/redirect/negotiate") { _, _ -> Response in
            let base = "http://127.0.0.1:\(port.withLock { $0 })"
            return json(#"{"url":"\#(base)/hub","accessToken":"redirected-token"}"#)
        }
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSockets,
                configuration: .init(ws: .init(maxFrameSize: 1 << 24, autoPing: .disabled))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService() }
        var ports = ready.stream.makeAsyncIterator()
        guard let bound = await ports.next() else { throw FixtureFailure("the scripted hub did not start") }
        port.withLock { $0 = bound }
        return ScriptedHubServer(baseURL: "http://127.0.0.1:\(bound)", task: task, record: record)
    }

    private static func json(_ body: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private init(baseURL: String, task: Task<Void, any Error>, record: Record) {
        self.baseURL = baseURL
        self.task = task
        self.record = record
    }

    deinit { task.cancel() }
}
