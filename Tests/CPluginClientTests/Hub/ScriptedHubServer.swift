import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// A minimal SignalR server over WebSockets that answers the handshake and then sends exactly the frames a test
/// scripts, however malformed, to see what the client does with them. Each connection gets the script again.
final class ScriptedHubServer: Sendable {
    let baseURL: String
    private let task: Task<Void, any Error>
    private let counter: Counter

    /// WebSocket connections accepted so far.
    var connections: Int { counter.value.load(ordering: .relaxed) }

    /// `frames`: sent one WebSocket text frame each after the handshake answer; then the server waits for the
    /// client to go.
    static func start(frames: [String]) async throws -> ScriptedHubServer {
        let counter = Counter()
        let router = Router()
        router.post("/hub/negotiate") { _, _ -> Response in
            let body =
                #"{"negotiateVersion":1,"connectionId":"c1","connectionToken":"t1","availableTransports":"#
                + #"[{"transport":"WebSockets","transferFormats":["Text"]}]}"#
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let webSockets = Router(context: BasicWebSocketRequestContext.self)
        webSockets.ws("/hub") { inbound, outbound, _ in
            counter.value.add(1, ordering: .relaxed)
            var iterator = inbound.makeAsyncIterator()
            // The handshake request; the answer, then the script.
            guard (try? await iterator.next()) != nil else { return }
            try? await outbound.write(.text("{}\u{1E}"))
            for frame in frames {
                try? await outbound.write(.text(frame))
            }
            while (try? await iterator.next()) != nil {}
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSockets,
                configuration: .init(ws: .init(maxFrameSize: 1 << 24, autoPing: .disabled))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService() }
        var ports = ready.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw FixtureFailure("the scripted hub did not start") }
        return ScriptedHubServer(baseURL: "http://127.0.0.1:\(port)", task: task, counter: counter)
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private init(baseURL: String, task: Task<Void, any Error>, counter: Counter) {
        self.baseURL = baseURL
        self.task = task
        self.counter = counter
    }

    deinit { task.cancel() }
}
