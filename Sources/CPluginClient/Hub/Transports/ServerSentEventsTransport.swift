import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// SignalR over Server-Sent Events: the server's messages arrive as `data:` events on one long `GET`, the client's
/// go out as `POST`s to the same URL.
struct ServerSentEventsTransport: HubTransport {
    let http: HTTPClient
    let requestTimeout: Duration
    let maxMessageBytes: Int

    var kind: HubTransportKind { .serverSentEvents }

    func run(
        url: String, accessToken: String, outbound: AsyncStream<[UInt8]>, opened: @escaping @Sendable () -> Void,
        receive: @escaping @Sendable (ByteBuffer) throws -> Void
    ) async throws {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Cache-Control", value: "no-cache")
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        let response = try await http.execute(request, timeout: .init(requestTimeout))
        guard response.status == .ok else {
            let body = try? await response.body.collect(upTo: 4096)
            throw HubClientError.transportFailed(
                transport: kind,
                reason: "the event stream answered HTTP \(response.status.code)"
                    + (body.map { ": " + HubNegotiator.excerpt($0) } ?? ""))
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        guard contentType.lowercased().hasPrefix("text/event-stream") else {
            throw HubClientError.transportFailed(
                transport: kind, reason: "the server answered \(contentType) instead of text/event-stream")
        }
        opened()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in outbound {
                    try await HTTPSender.post(
                        message, to: url, accessToken: accessToken, http: http, timeout: requestTimeout, transport: kind
                    )
                }
            }
            var parser = ServerSentEventParser(maxLineBytes: maxMessageBytes)
            do {
                for try await chunk in response.body {
                    for event in try parser.feed(chunk) {
                        try receive(ByteBuffer(bytes: event))
                    }
                }
            } catch is ServerSentEventParser.LineTooLong {
                throw HubClientError.protocolViolation("an event-stream line exceeded \(maxMessageBytes) bytes")
            }
            group.cancelAll()
        }
    }
}

/// The `POST {hub}?id=` that Server-Sent Events and long polling send with.
enum HTTPSender {
    static func post(
        _ bytes: [UInt8], to url: String, accessToken: String, http: HTTPClient, timeout: Duration,
        transport: HubTransportKind
    ) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        request.headers.add(name: "Content-Type", value: "text/plain;charset=UTF-8")
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response = try await http.execute(request, timeout: .init(timeout))
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard response.status == .ok || response.status == .noContent || response.status == .accepted else {
            throw HubClientError.transportFailed(
                transport: transport, reason: "sending answered HTTP \(response.status.code)")
        }
    }
}
