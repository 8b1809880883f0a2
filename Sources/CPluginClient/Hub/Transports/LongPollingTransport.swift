import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// SignalR over long polling: the client keeps one `GET` open, which the server answers when it has messages (or
/// empty after its poll timeout, to be polled again; `204` once the connection is over). Messages to the server go
/// out as `POST`s; `DELETE` ends the connection.
struct LongPollingTransport: HubTransport {
    let http: HTTPClient
    let requestTimeout: Duration
    let pollTimeout: Duration
    let maxMessageBytes: Int

    var kind: HubTransportKind { .longPolling }

    func run(
        url: String, accessToken: String, outbound: AsyncStream<[UInt8]>, opened: @escaping @Sendable () -> Void,
        receive: @escaping @Sendable (ByteBuffer) throws -> Void
    ) async throws {
        // The first poll proves the transport works before the connection is reported open.
        guard let first = try await poll(url: url, accessToken: accessToken) else { return }
        opened()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in outbound {
                    try await HTTPSender.post(
                        message, to: url, accessToken: accessToken, http: http, timeout: requestTimeout, transport: kind
                    )
                }
            }
            defer { group.cancelAll() }
            if first.readableBytes > 0 { try receive(first) }
            while !Task.isCancelled {
                guard let body = try await poll(url: url, accessToken: accessToken) else { return }
                if body.readableBytes > 0 { try receive(body) }
            }
        }
        if Task.isCancelled { await delete(url: url, accessToken: accessToken) }
    }

    /// One poll: its body, or nil when the server says the connection is over (`204`).
    private func poll(url: String, accessToken: String) async throws -> ByteBuffer? {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        request.headers.add(name: "Accept", value: "*/*")
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .init(pollTimeout))
        } catch {
            if Task.isCancelled { await delete(url: url, accessToken: accessToken) }
            throw error
        }
        switch response.status {
        case .ok:
            return try await response.body.collect(upTo: maxMessageBytes)
        case .noContent:
            return nil
        default:
            let body = try? await response.body.collect(upTo: 4096)
            throw HubClientError.transportFailed(
                transport: kind,
                reason: "a poll answered HTTP \(response.status.code)"
                    + (body.map { ": " + HubNegotiator.excerpt($0) } ?? ""))
        }
    }

    /// Tells the server the client is gone, so it does not wait out its disconnect timeout. Best effort.
    private func delete(url: String, accessToken: String) async {
        var request = HTTPClientRequest(url: url)
        request.method = .DELETE
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        // A detached task: the caller is being cancelled, which would cancel the request too.
        let http = self.http
        let timeout = requestTimeout
        await Task.detached {
            _ = try? await http.execute(request, timeout: .init(timeout)).body.collect(upTo: 4096)
        }.value
    }
}
