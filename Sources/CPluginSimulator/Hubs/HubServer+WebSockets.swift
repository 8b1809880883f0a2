import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket

extension HubServer {
    /// Whether a WebSocket request may upgrade: a valid token, WebSockets not refused by the faults, and either a
    /// negotiated connection not yet on a transport (`?id=`) or, with no id, a valid platform binding (a
    /// negotiate-less connect makes a new connection). hummingbird-websocket answers every refusal with `400`;
    /// ASP.NET would say `401`/`404`, but clients treat both as a failed transport and fall back the same way.
    func shouldUpgrade(_ request: Request, hub: HubKind) async -> RouterShouldUpgrade {
        if await unauthorized(request) != nil { return .dontUpgrade }
        if environment.faults().refuseWebSockets { return .dontUpgrade }
        if let id = request.uri.queryParameters["id"] {
            guard let connection = registry.connection(forKey: String(id)), connection.hub == hub,
                connection.transport == nil, !connection.isStarted
            else { return .dontUpgrade }
            return .upgrade([:])
        }
        guard case .success = platform(for: request, hub: hub) else { return .dontUpgrade }
        return .upgrade([:])
    }

    /// Runs a connection over an upgraded WebSocket: client frames go to the connection as they come (a frame may
    /// hold several messages or part of one), and everything queued is written as one text frame per batch.
    func serveWebSocket(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, request: Request, hub: HubKind
    )
        async
    {
        let connection: HubConnection
        if let id = request.uri.queryParameters["id"] {
            guard let found = registry.connection(forKey: String(id)), found.claim(.webSockets) == .claimed,
                found.markStarted()
            else { return }
            connection = found
        } else {
            guard case .success(let platform) = platform(for: request, hub: hub) else { return }
            connection = makeConnection(hub: hub, platform: platform, negotiateVersion: 0)
            _ = connection.claim(.webSockets)
            _ = connection.markStarted()
        }
        defer { registry.remove(connection) }
        let maxBatchBytes = options.maxBatchBytes
        await connection.outbox.attended {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await connection.run() }
                group.addTask {
                    do {
                        for try await frame in inbound { connection.receive(frame.data) }
                    } catch {}
                    connection.inputEnded()
                }
                loop: while true {
                    switch await connection.outbox.take(maxBytes: maxBatchBytes) {
                    case .data(let messages):
                        do {
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: messages)))
                        } catch {
                            break loop
                        }
                    case .timedOut:
                        continue
                    case .closed, .superseded, .cancelled:
                        break loop
                    }
                }
                connection.finish(.gone)
                group.cancelAll()
            }
        }
    }
}
