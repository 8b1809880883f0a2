import Logging
import NIOCore
import Synchronization

/// One physical SignalR connection on one transport: the handshake, the JSON hub protocol, invocations and their
/// completions, stream items, keep-alive pings and the server timeout. It does not reconnect; `HubClient` makes a
/// new session for that and re-issues what the caller asked for.
final class HubSession: Sendable {
    /// Receives a stream's items and its end (`error` nil for a normal end). Items come in the batches they arrived
    /// in (all of one stream's items in a received chunk, in order), so a consumer pays its per-delivery cost once
    /// per chunk rather than once per item.
    struct StreamSink: Sendable {
        var items: @Sendable ([RawJSON]) -> Void
        var completed: @Sendable (_ error: String?) -> Void
    }

    private struct State {
        var splitter: HubRecordSplitter
        var handshakeDone = false
        var opened = false
        var ended: (any Error)?
        var nextInvocationID = 0
        var calls: [String: @Sendable (Result<RawJSON?, any Error>) -> Void] = [:]
        var streams: [String: StreamSink] = [:]
        var lastReceived: ContinuousClock.Instant
        var lastSent: ContinuousClock.Instant
    }

    /// Thrown inside the transport's receive callback to stop it; the reason is in `State.ended`.
    struct Ended: Error {}

    /// A transport error from before the transport opened: the client tries the next transport.
    struct StartFailed: Error {
        let transport: HubTransportKind
        let reason: any Error
    }

    let transport: any HubTransport
    let options: HubClientOptions
    let logger: Logger
    let statistics: HubClientStatistics
    /// Server-to-client invocations (`OnTick`, `OnConnectionStatus`), by target.
    let invocationHandler: @Sendable (_ target: String, _ arguments: [RawJSON]) -> Void
    private let state: Mutex<State>
    private let outbound: AsyncStream<[UInt8]>
    private let outboundInput: AsyncStream<[UInt8]>.Continuation
    /// Yields once when the handshake completes; finishes when the session ends.
    let ready: AsyncStream<Void>
    private let readyInput: AsyncStream<Void>.Continuation
    private let clock = ContinuousClock()

    init(
        transport: any HubTransport, options: HubClientOptions, logger: Logger, statistics: HubClientStatistics,
        invocationHandler: @escaping @Sendable (_ target: String, _ arguments: [RawJSON]) -> Void
    ) {
        self.transport = transport
        self.options = options
        self.logger = logger
        self.statistics = statistics
        self.invocationHandler = invocationHandler
        let now = ContinuousClock.now
        state = Mutex(
            State(
                splitter: HubRecordSplitter(maxRecordSize: options.maxMessageBytes), lastReceived: now, lastSent: now))
        (outbound, outboundInput) = AsyncStream.makeStream()
        (ready, readyInput) = AsyncStream.makeStream()
    }

    // MARK: Running

    /// Runs the transport, the handshake, pings and the timeout until the connection ends, and throws why it ended
    /// (`StartFailed` if the transport never opened).
    func run(url: String, accessToken: String) async throws {
        outboundInput.yield(HubHandshake.request)
        let started = clock.now
        defer { readyInput.finish() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [self] in
                    do {
                        try await transport.run(
                            url: url, accessToken: accessToken, outbound: outbound,
                            opened: { [self] in state.withLock { $0.opened = true } },
                            receive: { [self] chunk in try receive(chunk) })
                    } catch {
                        let (ended, opened) = state.withLock { ($0.ended, $0.opened) }
                        if let ended { throw ended }
                        if !opened { throw StartFailed(transport: transport.kind, reason: error) }
                        if error is CancellationError || Task.isCancelled { throw CancellationError() }
                        throw HubClientError.transportFailed(transport: transport.kind, reason: "\(error)")
                    }
                    if let reason = state.withLock({ $0.ended }) { throw reason }
                    throw HubClientError.closedByServer(error: nil, allowReconnect: true)
                }
                group.addTask { [self] in try await watch(started: started) }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            end(error)
            throw error
        }
    }

    /// Pings the server when the client has been quiet for `keepAliveInterval`, and ends the session when the
    /// server has been silent for `serverTimeout` or the handshake takes longer than `handshakeTimeout`.
    private func watch(started: ContinuousClock.Instant) async throws {
        let tick = min(options.keepAliveInterval, options.serverTimeout, options.handshakeTimeout) / 4
        while true {
            try await Task.sleep(for: tick, clock: clock)
            let now = clock.now
            let (handshakeDone, opened, lastReceived, lastSent) = state.withLock {
                ($0.handshakeDone, $0.opened, $0.lastReceived, $0.lastSent)
            }
            if !handshakeDone {
                if now - started > options.handshakeTimeout {
                    let timedOut = HubClientError.handshakeTimedOut(options.handshakeTimeout)
                    // A transport that never opened (an upgrade a proxy swallows) is one to fall back from.
                    if !opened { throw StartFailed(transport: transport.kind, reason: timedOut) }
                    throw timedOut
                }
                continue
            }
            if now - lastReceived > options.serverTimeout {
                throw HubClientError.serverTimedOut(options.serverTimeout)
            }
            if now - lastSent >= options.keepAliveInterval {
                send(HubMessageEncoder.encode(.ping))
            }
        }
    }

    /// Ends the session: pending calls fail with the reason, nothing more is sent.
    private func end(_ reason: any Error) {
        let calls = state.withLock { state -> [@Sendable (Result<RawJSON?, any Error>) -> Void] in
            if state.ended == nil { state.ended = reason }
            defer { state.calls.removeAll() }
            return Array(state.calls.values)
        }
        for call in calls { call(.failure(reason)) }
        outboundInput.finish()
    }

    // MARK: Receiving

    /// Splits the chunk into records, parses each and dispatches it. Malformed records are counted and skipped; a
    /// record over the size limit or a bad handshake ends the connection.
    private func receive(_ chunk: ByteBuffer) throws {
        statistics.countReceived(bytes: chunk.readableBytes)
        var records: [ArraySlice<UInt8>] = []
        var handshakeRecord: ArraySlice<UInt8>?
        let result: Result<Void, HubProtocolError> = state.withLock { state in
            state.lastReceived = clock.now
            state.splitter.append(chunk.readableBytesView)
            do throws(HubProtocolError) {
                while let record = try state.splitter.next() {
                    if !state.handshakeDone, handshakeRecord == nil {
                        handshakeRecord = record
                    } else {
                        records.append(record)
                    }
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if let handshakeRecord {
            try completeHandshake(handshakeRecord)
        }
        var items = PendingItems()
        defer { items.deliver() }
        for record in records {
            try dispatch(record, items: &items)
        }
        if case .failure(let error) = result {
            throw ending(HubClientError.protocolViolation("\(error)"))
        }
    }

    /// Records why the session ends and returns the error that stops the transport.
    private func ending(_ reason: HubClientError) -> Ended {
        state.withLock { state in
            if state.ended == nil { state.ended = reason }
        }
        return Ended()
    }

    private func completeHandshake(_ record: ArraySlice<UInt8>) throws {
        let refusal: String?
        do {
            refusal = try HubHandshake.parseResponse(record).error
        } catch {
            throw ending(HubClientError.protocolViolation("the handshake answer was not understood: \(error)"))
        }
        if let refusal { throw ending(HubClientError.handshakeRejected(refusal)) }
        state.withLock { $0.handshakeDone = true }
        readyInput.yield()
    }

    /// The stream items of one chunk, gathered per stream and handed over together; delivered before any other
    /// message is handled, so a stream's completion never overtakes its items.
    private struct PendingItems {
        var batches: [(sink: StreamSink, items: [RawJSON])] = []
        var index: [String: Int] = [:]

        mutating func add(_ item: RawJSON, id: String, sink: StreamSink) {
            if let position = index[id] {
                batches[position].items.append(item)
            } else {
                index[id] = batches.count
                batches.append((sink, [item]))
            }
        }

        mutating func deliver() {
            guard !batches.isEmpty else { return }
            for batch in batches { batch.sink.items(batch.items) }
            batches.removeAll(keepingCapacity: true)
            index.removeAll(keepingCapacity: true)
        }
    }

    private func dispatch(_ record: ArraySlice<UInt8>, items: inout PendingItems) throws {
        let message: HubMessage
        do {
            message = try HubMessageParser.parse(record)
        } catch {
            statistics.countMalformed()
            logger.warning("skipped a malformed hub message", metadata: ["error": "\(error)"])
            return
        }
        statistics.countMessage()
        if case .streamItem(let id, let item) = message {
            if let sink = state.withLock({ $0.streams[id] }) { items.add(item, id: id, sink: sink) }
            return
        }
        items.deliver()
        switch message {
        case .invocation(_, let target, let arguments, _):
            invocationHandler(target, arguments)
        case .streamItem:
            break
        case .completion(let id, let result, let error):
            let (call, sink) = state.withLock { ($0.calls.removeValue(forKey: id), $0.streams.removeValue(forKey: id)) }
            if let call {
                if let error {
                    call(.failure(HubClientError.invocationFailed(target: "invocation \(id)", message: error)))
                } else {
                    call(.success(result))
                }
            }
            sink?.completed(error)
        case .ping:
            break
        case .close(let error, let allowReconnect):
            throw ending(HubClientError.closedByServer(error: error, allowReconnect: allowReconnect))
        case .streamInvocation, .cancelInvocation, .other:
            // A client offers no streams to the server, and stateful-reconnect messages were not negotiated.
            statistics.countUnexpected()
        }
    }

    // MARK: Sending

    private func send(_ bytes: [UInt8]) {
        state.withLock { $0.lastSent = clock.now }
        outboundInput.yield(bytes)
    }

    private func nextInvocationID() -> String {
        state.withLock {
            $0.nextInvocationID += 1
            return String($0.nextInvocationID)
        }
    }

    /// Calls a hub method and waits for its completion; the result is the method's return value, raw.
    func invoke(_ target: String, arguments: [RawJSON]) async throws -> RawJSON? {
        try await withCheckedThrowingContinuation { continuation in
            call(target, arguments: arguments) { continuation.resume(with: $0) }
        }
    }

    /// Calls a hub method; `completion` gets its outcome. The message is queued before this returns, so calls
    /// made one after the other reach the server in that order.
    func call(
        _ target: String, arguments: [RawJSON], completion: @escaping @Sendable (Result<RawJSON?, any Error>) -> Void
    ) {
        let id = nextInvocationID()
        let ended = state.withLock { state -> (any Error)? in
            if let ended = state.ended { return ended }
            state.calls[id] = { result in
                completion(
                    result.mapError { error in
                        if case HubClientError.invocationFailed(_, let message) = error {
                            return HubClientError.invocationFailed(target: target, message: message)
                        }
                        return error
                    })
            }
            return nil
        }
        if let ended {
            completion(.failure(ended))
            return
        }
        send(
            HubMessageEncoder.encode(.invocation(invocationID: id, target: target, arguments: arguments, streamIDs: []))
        )
    }

    /// Calls a hub method without waiting for, or getting, an answer.
    func send(_ target: String, arguments: [RawJSON]) {
        send(
            HubMessageEncoder.encode(
                .invocation(invocationID: nil, target: target, arguments: arguments, streamIDs: [])))
    }

    /// Starts a server-to-client stream; returns its invocation id, for `cancelStream`.
    func startStream(_ target: String, arguments: [RawJSON], sink: StreamSink) -> String {
        let id = nextInvocationID()
        state.withLock { $0.streams[id] = sink }
        send(
            HubMessageEncoder.encode(
                .streamInvocation(invocationID: id, target: target, arguments: arguments, streamIDs: [])))
        return id
    }

    /// Stops a stream: the server is told, and no more items reach the sink.
    func cancelStream(_ id: String) {
        guard state.withLock({ $0.streams.removeValue(forKey: id) }) != nil else { return }
        send(HubMessageEncoder.encode(.cancelInvocation(invocationID: id)))
    }

    /// Says goodbye (`Close`) before the transport is torn down, as the reference clients do on stop.
    func sayGoodbye() {
        send(HubMessageEncoder.encode(.close(error: nil, allowReconnect: false)))
    }
}
