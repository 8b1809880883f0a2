import HTTPTypes
import Logging
import NIOCore
import WSClient

/// SignalR over a WebSocket: text frames both ways. The token goes in the query (`access_token`, and
/// `signalr_token` for servers that read that name) because browsers cannot set headers on a WebSocket, and in the
/// `Authorization` header as well. The frame limit is raised: ASP.NET sends a whole batch of messages in one frame.
struct WebSocketTransport: HubTransport {
    let maxFrameSize: Int
    let logger: Logger

    var kind: HubTransportKind { .webSockets }

    func run(
        url: String, accessToken: String, outbound: AsyncStream<[UInt8]>, opened: @escaping @Sendable () -> Void,
        receive: @escaping @Sendable (ByteBuffer) throws -> Void
    ) async throws {
        let socketURL =
            HubEndpoint.url(
                Self.webSocketScheme(url), adding: [("access_token", accessToken), ("signalr_token", accessToken)])
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(accessToken)"
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: maxFrameSize, additionalHeaders: headers, autoPing: .disabled)
        try await WebSocketClient.connect(url: socketURL, configuration: configuration, logger: logger) {
            inbound, writer, _ in
            opened()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in outbound {
                        try await writer.write(.text(String(decoding: message, as: UTF8.self)))
                    }
                }
                for try await frame in inbound {
                    try receive(frame.data)
                }
                group.cancelAll()
            }
        }
    }

    /// `http(s)://` becomes `ws(s)://`.
    static func webSocketScheme(_ url: String) -> String {
        if url.hasPrefix("https://") { return "wss://" + url.dropFirst(8) }
        if url.hasPrefix("http://") { return "ws://" + url.dropFirst(7) }
        return url
    }
}
