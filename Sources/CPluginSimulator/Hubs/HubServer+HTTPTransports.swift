import HTTPTypes
import Hummingbird
import ServiceLifecycle

extension HubServer {
    /// `GET {hub}?id=`: an event stream when the client accepts `text/event-stream`, else a long poll (the order
    /// ASP.NET Core's dispatcher checks them in).
    func get(_ request: Request, hub: HubKind) async -> Response {
        let connection: HubConnection
        switch await self.connection(for: request, hub: hub) {
        case .success(let found): connection = found
        case .failure(let rejection): return rejection.response
        }
        let accept = request.headers[values: .accept].joined(separator: ",").lowercased()
        if accept.contains("text/event-stream") {
            return serverSentEvents(connection)
        }
        return await longPoll(connection)
    }

    /// `POST {hub}?id=`: the client's messages for Server-Sent Events and long polling. Answered once the body is
    /// queued for the connection, as ASP.NET does, not once it is processed.
    func post(_ request: Request, hub: HubKind) async -> Response {
        let connection: HubConnection
        switch await self.connection(for: request, hub: hub) {
        case .success(let found): connection = found
        case .failure(let rejection): return rejection.response
        }
        if connection.transport == .webSockets {
            return Self.text(.methodNotAllowed, "POST requests are not allowed for WebSocket connections.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 1 << 20)
        } catch {
            return Self.text(.contentTooLarge, "The request body is too large.")
        }
        guard !connection.outbox.isClosed else { return Self.text(.notFound, "No Connection with that ID") }
        registry.startIfNeeded(connection)
        connection.receive(body)
        return Self.empty(.ok)
    }

    /// `DELETE {hub}?id=`: a long-polling client ends its connection; the pending poll answers `204`.
    func delete(_ request: Request, hub: HubKind) async -> Response {
        let connection: HubConnection
        switch await self.connection(for: request, hub: hub) {
        case .success(let found): connection = found
        case .failure(let rejection): return rejection.response
        }
        guard connection.transport == .longPolling else {
            return Self.text(.badRequest, "Cannot terminate this connection using the DELETE endpoint.")
        }
        connection.finish(.gone)
        registry.remove(connection)
        return Self.empty(.accepted)
    }

    /// Server-Sent Events: a `:` comment first (ASP.NET's workaround for browsers that fire `open` only on data),
    /// then each batch of queued messages as one `data:` event. JSON has no raw line breaks, so a batch is one line.
    private func serverSentEvents(_ connection: HubConnection) -> Response {
        switch connection.claim(.serverSentEvents) {
        case .claimed: break
        case .busy: return Self.text(.conflict, "An event stream is already open for this connection.")
        case .otherTransport: return Self.text(.badRequest, "Cannot change transports mid-connection")
        }
        registry.startIfNeeded(connection)
        let maxBatchBytes = options.maxBatchBytes
        let body = ResponseBody { writer in
            do {
                try await connection.outbox.attended {
                    try await withGracefulShutdownHandler {
                        try await writer.write(ByteBuffer(string: ":\r\n"))
                        loop: while true {
                            switch await connection.outbox.take(maxBytes: maxBatchBytes) {
                            case .data(let messages):
                                var event = ByteBuffer(string: "data: ")
                                event.writeImmutableBuffer(messages)
                                event.writeString("\r\n\r\n")
                                try await writer.write(event)
                            case .timedOut:
                                continue
                            case .closed, .superseded, .cancelled:
                                break loop
                            }
                        }
                    } onGracefulShutdown: {
                        connection.finish(.shutdown)
                    }
                }
                try await writer.finish(nil)
            } catch {
                connection.finish(.gone)
            }
            connection.finish(.gone)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/event-stream", .cacheControl: "no-cache,no-store",
                HTTPField.Name("Pragma")!: "no-cache",
                .contentEncoding: "identity",
            ],
            body: body)
    }

    /// Long polling: the first poll returns at once with no content (the client then knows the connection is up);
    /// later ones return what is queued, or wait up to the poll timeout and answer `200` empty, or `204` once the
    /// connection is over or a newer poll took over.
    private func longPoll(_ connection: HubConnection) async -> Response {
        switch connection.claim(.longPolling) {
        case .claimed, .busy: break
        case .otherTransport: return Self.text(.badRequest, "Cannot change transports mid-connection")
        }
        registry.startIfNeeded(connection)
        if connection.markPolled() { return Self.empty(.ok, contentType: "application/octet-stream") }
        let timeout = options.longPollTimeout
        let take = await connection.outbox.attended {
            await withGracefulShutdownHandler {
                await connection.outbox.take(maxBytes: .max, timeout: timeout)
            } onGracefulShutdown: {
                connection.finish(.shutdown)
            }
        }
        switch take {
        case .data(let messages):
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: messages))
        case .timedOut:
            return Self.empty(.ok, contentType: "application/octet-stream")
        case .closed, .superseded, .cancelled:
            // No Content-Length: a 204 must not carry one.
            return Response(status: .noContent)
        }
    }
}
