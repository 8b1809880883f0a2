import AsyncHTTPClient
import Foundation
import Logging
import Synchronization

/// A SignalR hub connection that stays up for months: it negotiates, picks the first transport that works
/// (WebSockets, then Server-Sent Events, then long polling), and when the link drops it reconnects with backoff
/// and jitter, fails over between base URLs, and issues every stream and subscription again on the new connection.
/// Callers see each change (`connectionEvents()`), so they can resync through REST what was pushed while the link
/// was down.
///
/// `run()` does the work until its task is cancelled; streams and handlers may be registered before or while it
/// runs and survive reconnects.
public final class HubClient: Sendable {
    public let endpoint: HubEndpoint
    public let options: HubClientOptions
    public let statistics = HubClientStatistics()
    private let authentication: HubAuthentication
    private let http: HTTPClient
    private let logger: Logger
    private let registry = Mutex(Registry())

    private struct Handler: Sendable {
        var target: String
        var handle: @Sendable ([RawJSON]) -> Void
    }

    /// A call made on every connection (`SubscribeToTicks`, v1 `Connect`).
    private struct StandingCall: Sendable {
        var target: String
        var arguments: [RawJSON]
        var completion: @Sendable (Result<RawJSON?, any Error>) -> Void
    }

    /// A stream the caller consumes across connections; `invocationID` is its id on the current one.
    private struct StandingStream: Sendable {
        var target: String
        var arguments: [RawJSON]
        var sink: HubSession.StreamSink
        var invocationID: String?
    }

    private struct Registry {
        var nextID: UInt64 = 0
        var handlers: [UInt64: Handler] = [:]
        var calls: [UInt64: StandingCall] = [:]
        var streams: [UInt64: StandingStream] = [:]
        var observers: [UInt64: AsyncStream<HubConnectionEvent>.Continuation] = [:]
        var session: HubSession?
        var lastEvent: HubConnectionEvent?

        mutating func makeID() -> UInt64 {
            nextID += 1
            return nextID
        }
    }

    public init(
        endpoint: HubEndpoint, authentication: HubAuthentication, options: HubClientOptions = HubClientOptions(),
        httpClient: HTTPClient = .shared, logger: Logger = HubClient.silentLogger
    ) {
        precondition(!endpoint.baseURLs.isEmpty, "a hub endpoint needs at least one base URL")
        self.endpoint = endpoint
        self.authentication = authentication
        self.options = options
        self.http = httpClient
        self.logger = logger
    }

    /// A logger that drops everything: libraries log only where their user asks them to.
    public static let silentLogger = Logger(label: "mtrules.hub", factory: { _ in SwiftLogNoOpLogHandler() })

    // MARK: What the caller asks for

    /// Connection changes from now on (the current state first, if there is one).
    public func connectionEvents() -> AsyncStream<HubConnectionEvent> {
        let (stream, continuation) = AsyncStream<HubConnectionEvent>.makeStream()
        let id = registry.withLock { registry in
            let id = registry.makeID()
            if let last = registry.lastEvent { continuation.yield(last) }
            if case .stopped = registry.lastEvent {
                continuation.finish()
            } else {
                registry.observers[id] = continuation
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.registry.withLock { $0.observers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Calls `handle` with the arguments of every server-to-client invocation of `target` (case-sensitive, as the
    /// protocol says), on every connection.
    @discardableResult
    public func on(_ target: String, handle: @escaping @Sendable ([RawJSON]) -> Void) -> HubRegistration {
        let id = registry.withLock { registry in
            let id = registry.makeID()
            registry.handlers[id] = Handler(target: target, handle: handle)
            return id
        }
        return HubRegistration { [weak self] in _ = self?.registry.withLock { $0.handlers.removeValue(forKey: id) } }
    }

    /// Calls a hub method on every connection, now if connected and again after each reconnect (subscriptions are
    /// per connection on the server). `completion` gets each call's outcome.
    @discardableResult
    public func standingCall(
        _ target: String, arguments: [RawJSON] = [],
        completion: @escaping @Sendable (Result<RawJSON?, any Error>) -> Void = { _ in }
    ) -> HubRegistration {
        let call = StandingCall(target: target, arguments: arguments, completion: completion)
        let (id, session) = registry.withLock { registry in
            let id = registry.makeID()
            registry.calls[id] = call
            return (id, registry.session)
        }
        session?.call(target, arguments: arguments, completion: completion)
        return HubRegistration { [weak self] in _ = self?.registry.withLock { $0.calls.removeValue(forKey: id) } }
    }

    /// Calls a hub method once, on the current connection, and returns its result.
    public func invoke(_ target: String, arguments: [RawJSON] = []) async throws -> RawJSON? {
        guard let session = registry.withLock({ $0.session }) else { throw HubClientError.notConnected(target: target) }
        return try await session.invoke(target, arguments: arguments)
    }

    /// A server-to-client stream's items, raw, across reconnects: the stream is started on every connection. It
    /// ends when the server completes it (with the server's error, if any) or the client stops; ending iteration
    /// cancels it on the server.
    public func stream(_ target: String, arguments: [RawJSON] = []) -> HubStream<RawJSON> {
        stream(target, arguments: arguments) { $0 }
    }

    /// A stream whose items are decoded into `Item`; an item that does not decode is counted
    /// (`statistics.undecodable`) and skipped, so one odd payload never ends the stream.
    public func stream<Item: HubDecodable>(
        _ target: String, arguments: [RawJSON] = [], of type: Item.Type
    ) -> HubStream<Item> {
        let statistics = self.statistics
        let logger = self.logger
        return stream(target, arguments: arguments) { raw in
            do {
                return try raw.decode(Item.self)
            } catch {
                statistics.countUndecodable()
                logger.warning("skipped a \(target) item that did not decode", metadata: ["error": "\(error)"])
                return nil
            }
        }
    }

    /// A stream's items, raw, in the batches they arrived in: each element holds the items of one received chunk
    /// (a WebSocket frame, an event, a poll), in order and never empty. A consumer that is busy finds whole batches
    /// waiting, so it can hand many items on at once (the engine commits a batch in one transaction) without ever
    /// waiting for more to arrive. Reconnects and cancellation work as for `stream(_:arguments:)`.
    public func batches(_ target: String, arguments: [RawJSON] = []) -> HubStream<[RawJSON]> {
        stream(target, arguments: arguments) { continuation, items in continuation.yield(items) }
    }

    private func stream<Item: Sendable>(
        _ target: String, arguments: [RawJSON], transform: @escaping @Sendable (RawJSON) -> Item?
    ) -> HubStream<Item> {
        stream(target, arguments: arguments) { continuation, items in
            for raw in items {
                if let item = transform(raw) { continuation.yield(item) }
            }
        }
    }

    private func stream<Element: Sendable>(
        _ target: String, arguments: [RawJSON],
        deliver: @escaping @Sendable (AsyncThrowingStream<Element, any Error>.Continuation, [RawJSON]) -> Void
    ) -> HubStream<Element> {
        let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream()
        let id = registry.withLock { $0.makeID() }
        let sink = HubSession.StreamSink(
            items: { items in deliver(continuation, items) },
            completed: { [weak self] error in
                _ = self?.registry.withLock { $0.streams.removeValue(forKey: id) }
                if let error {
                    continuation.finish(throwing: HubClientError.invocationFailed(target: target, message: error))
                } else {
                    continuation.finish()
                }
            })
        registry.withLock { registry in
            var standing = StandingStream(target: target, arguments: arguments, sink: sink)
            if let session = registry.session {
                standing.invocationID = session.startStream(target, arguments: arguments, sink: sink)
            }
            registry.streams[id] = standing
        }
        let stop: @Sendable () -> Void = { [weak self] in
            guard let self else { return }
            let (standing, session) = registry.withLock { ($0.streams.removeValue(forKey: id), $0.session) }
            if let invocationID = standing?.invocationID { session?.cancelStream(invocationID) }
            continuation.finish()
        }
        continuation.onTermination = { _ in stop() }
        return HubStream(stream, onCancel: stop)
    }

    // MARK: Running

    /// Connects and keeps the connection up until the task is cancelled. Throws only for failures retrying cannot
    /// fix (`PermanentFailure`, such as rejected credentials).
    public func run() async throws {
        var attempt = 0
        var everConnected = false
        var baseIndex = 0
        defer { finishObservers() }
        while !Task.isCancelled {
            let base = endpoint.baseURLs[baseIndex % endpoint.baseURLs.count]
            var connected = false
            let reason: String
            do {
                try await connect(base: base) { info in
                    connected = true
                    attempt = 0
                    statistics.countConnection()
                    publish(everConnected ? .reconnected(info) : .connected(info))
                    everConnected = true
                }
                reason = "the connection ended"
            } catch {
                if Task.isCancelled { break }
                if let permanent = error as? any PermanentFailure, permanent.isPermanent {
                    publish(.stopped(reason: "\(permanent)"))
                    throw permanent
                }
                reason = "\(error)"
            }
            if !connected, endpoint.baseURLs.count > 1 {
                baseIndex += 1
                logger.warning(
                    "hub at \(base) unreachable, failing over",
                    metadata: [
                        "next": "\(endpoint.baseURLs[baseIndex % endpoint.baseURLs.count])", "reason": "\(reason)",
                    ])
            }
            attempt += 1
            let delay = options.reconnectDelay(attempt: attempt, random: Double.random(in: 0...1))
            statistics.countReconnect()
            logger.info(
                "hub connection lost, reconnecting", metadata: ["attempt": "\(attempt)", "reason": "\(reason)"])
            publish(.reconnecting(attempt: attempt, delay: delay, reason: reason))
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
        }
        publish(.stopped(reason: nil))
    }

    /// One connection on one base URL: negotiate, then each transport in turn until one starts; returns or throws
    /// when that connection ends.
    private func connect(base: String, onReady: (HubConnectionInfo) -> Void) async throws {
        let hubURL = endpoint.url(base: base)
        var failures: [String] = []
        for kind in options.transports {
            let outcome = try await negotiate(hubURL: hubURL)
            guard outcome.response.textTransports.contains(kind) else {
                failures.append("\(kind): not offered by the server")
                continue
            }
            let session = HubSession(
                transport: makeTransport(kind), options: options, logger: logger, statistics: statistics,
                invocationHandler: { [weak self] target, arguments in self?.handle(target, arguments) })
            let url = HubEndpoint.url(outcome.hubURL, adding: [("id", outcome.response.transportID ?? "")])
            let info = HubConnectionInfo(
                connectionID: outcome.response.connectionId ?? "", transport: kind,
                baseURL: outcome.redirected ? Self.redactedURL(outcome.hubURL) : base)
            defer { detach(session) }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await session.run(url: url, accessToken: outcome.accessToken) }
                    var ready = session.ready.makeAsyncIterator()
                    if await ready.next() != nil {
                        attach(session)
                        onReady(info)
                    }
                    try await group.next()
                    throw HubClientError.closedByServer(error: nil, allowReconnect: true)
                }
            } catch let failed as HubSession.StartFailed {
                logger.info(
                    "hub transport did not start", metadata: ["transport": "\(kind)", "reason": "\(failed.reason)"])
                failures.append("\(kind): \(failed.reason)")
                continue
            }
        }
        throw HubClientError.noTransport(url: Self.redactedURL(hubURL), attempts: failures)
    }

    /// Negotiates with a token from the source; a 401 gets one fresh token and one more try.
    private func negotiate(hubURL: String) async throws -> HubNegotiator.Outcome {
        let negotiator = HubNegotiator(http: http, timeout: options.handshakeTimeout)
        let token = try await authentication.token()
        do {
            return try await negotiator.negotiate(hubURL: hubURL, accessToken: token)
        } catch is HubNegotiator.Unauthorized {
            let fresh = try await authentication.refresh(token)
            do {
                return try await negotiator.negotiate(hubURL: hubURL, accessToken: fresh)
            } catch is HubNegotiator.Unauthorized {
                throw HubClientError.unauthorized(url: Self.redactedURL(HubEndpoint.negotiateURL(hubURL)))
            }
        }
    }

    private func makeTransport(_ kind: HubTransportKind) -> any HubTransport {
        switch kind {
        case .webSockets:
            // A frame may hold many messages: its limit is the message limit's business, checked per record.
            WebSocketTransport(maxFrameSize: max(options.maxMessageBytes * 4, 16 << 20), logger: logger)
        case .serverSentEvents:
            ServerSentEventsTransport(
                http: http, requestTimeout: options.requestTimeout, maxMessageBytes: options.maxMessageBytes)
        case .longPolling:
            LongPollingTransport(
                http: http, requestTimeout: options.requestTimeout, pollTimeout: options.longPollTimeout,
                maxMessageBytes: options.maxMessageBytes)
        }
    }

    // MARK: Sessions

    /// Makes `session` the current connection and issues every standing call and stream on it, before the caller
    /// hears `connected`, so a resync that follows misses nothing the streams would have carried.
    private func attach(_ session: HubSession) {
        let calls = registry.withLock { registry -> [StandingCall] in
            registry.session = session
            for (id, standing) in registry.streams {
                registry.streams[id]?.invocationID = session.startStream(
                    standing.target, arguments: standing.arguments, sink: standing.sink)
            }
            return Array(registry.calls.values)
        }
        for call in calls {
            session.call(call.target, arguments: call.arguments, completion: call.completion)
        }
    }

    private func detach(_ session: HubSession) {
        registry.withLock { registry in
            guard registry.session === session else { return }
            registry.session = nil
            for id in registry.streams.keys { registry.streams[id]?.invocationID = nil }
        }
    }

    private func handle(_ target: String, _ arguments: [RawJSON]) {
        let handlers = registry.withLock { $0.handlers.values.filter { $0.target == target } }
        for handler in handlers { handler.handle(arguments) }
    }

    private func publish(_ event: HubConnectionEvent) {
        let observers = registry.withLock { registry in
            registry.lastEvent = event
            return Array(registry.observers.values)
        }
        for observer in observers { observer.yield(event) }
    }

    private func finishObservers() {
        let (observers, streams) = registry.withLock { registry in
            defer {
                registry.observers.removeAll()
                registry.streams.removeAll()
            }
            return (Array(registry.observers.values), Array(registry.streams.values))
        }
        for observer in observers { observer.finish() }
        for stream in streams { stream.sink.completed(nil) }
    }

    /// A URL fit for logs and errors: token parameters are blanked.
    static func redactedURL(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: question)...].split(separator: "&").map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return ["access_token", "signalr_token", "id"].contains(name.lowercased()) ? "\(name)=…" : String(pair)
        }
        return url[..<question] + "?" + query.joined(separator: "&")
    }
}

/// Undoes a registration (`HubClient.on`, `standingCall`): the handler or call is not used again.
public struct HubRegistration: Sendable {
    private let cancelAction: @Sendable () -> Void

    init(_ cancel: @escaping @Sendable () -> Void) {
        self.cancelAction = cancel
    }

    public func cancel() { cancelAction() }
}
