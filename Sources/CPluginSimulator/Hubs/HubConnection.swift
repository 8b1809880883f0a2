import CPluginClient
import Foundation
import Hummingbird
import Synchronization

/// One SignalR connection: the handshake, the JSON hub protocol, keep-alive and timeouts, the hub's methods and the
/// event pump, independent of the transport. Transports feed it the client's bytes (`receive`) and drain its
/// `outbox`; everything it says goes through `send`, which is where message faults are applied.
///
/// `run()` is one task group: the receive loop, a timer, and one pump per platform the connection is bound to
/// (a v2 connection binds its platform at the handshake, a v1 connection on `Connect`/`SubscribeToTicks`). Ending
/// the connection (`finish`) queues the farewell ASP.NET Core would send and stops the group.
final class HubConnection: Sendable {
    enum Transport: Sendable, Hashable {
        case webSockets
        case serverSentEvents
        case longPolling
    }

    enum Claim: Sendable {
        case claimed
        /// The transport already has its one consumer (a second WebSocket or event stream).
        case busy
        /// The connection uses another transport.
        case otherTransport
    }

    /// Why a connection ends, which decides what the client is told.
    enum EndReason: Sendable {
        /// The client sent Close: answered with `{"type":7}`.
        case clientClosed
        /// Malformed input: `{"type":7,"error":"Connection closed with an error."}`.
        case protocolError
        /// Fault injection (`dropEvery`, `dropAfterMessages`): `{"type":7,"allowReconnect":true}`, as ASP.NET's
        /// `AbortAllowReconnect` sends, so reconnecting clients come back.
        case dropped
        /// The client was silent for `clientTimeout`: same Close as a drop.
        case clientTimeout
        /// The handshake failed: its error answer, no Close.
        case handshakeFailed(String)
        /// The server is shutting down: `{"type":7}`.
        case shutdown
        /// The transport went away, the client deleted the connection, or no transport picked it up: nothing.
        case gone
    }

    enum Command: Sendable {
        case pump(UUID, AsyncStream<[MarketEvent]>)
        case stop
    }

    struct State {
        var transport: Transport?
        var started = false
        var polled = false
        var handshakeDone = false
        var ended = false
        var startedAt: ContinuousClock.Instant
        var lastReceived: ContinuousClock.Instant
        var sent = 0
        var boundPlatforms: Set<UUID> = []
        var subscriptions: [(EventBroadcaster, UInt64)] = []
    }

    /// The id other clients would know the connection by (`connectionId`).
    let connectionID: String
    /// The value transports send as `id`: the `connectionToken` (negotiate v1) or the `connectionId` (v0).
    let key: String
    let hub: HubKind
    /// The platform a v2 connection is bound to by `?tradePlatform=`.
    let platform: SimulatedPlatform?
    let createdAt = ContinuousClock.now
    let outbox = HubOutbox()
    let router: HubEventRouter

    let environment: any HubEnvironment
    let options: HubOptions
    let inbound: AsyncStream<ByteBuffer>
    let inboundInput: AsyncStream<ByteBuffer>.Continuation
    let commands: AsyncStream<Command>
    let commandInput: AsyncStream<Command>.Continuation
    let state: Mutex<State>

    init(
        connectionID: String, key: String, hub: HubKind, platform: SimulatedPlatform?, environment: any HubEnvironment,
        options: HubOptions
    ) {
        self.connectionID = connectionID
        self.key = key
        self.hub = hub
        self.platform = platform
        self.environment = environment
        self.options = options
        self.router = HubEventRouter(hub: hub)
        (inbound, inboundInput) = AsyncStream.makeStream()
        (commands, commandInput) = AsyncStream.makeStream()
        let now = ContinuousClock.now
        state = Mutex(State(startedAt: now, lastReceived: now))
    }

    // MARK: Transport side

    /// Binds the connection to a transport; long polling may claim again for every poll.
    func claim(_ transport: Transport) -> Claim {
        state.withLock { state in
            switch state.transport {
            case nil:
                state.transport = transport
                return .claimed
            case transport:
                return transport == .longPolling ? .claimed : .busy
            default:
                return .otherTransport
            }
        }
    }

    var transport: Transport? { state.withLock { $0.transport } }

    /// True exactly once: the caller then runs `run()`.
    func markStarted() -> Bool {
        state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
    }

    var isStarted: Bool { state.withLock { $0.started } }

    /// True for the first long poll only, which ASP.NET answers at once with no content: the client learns the
    /// connection is up before it waits for messages.
    func markPolled() -> Bool {
        state.withLock { state in
            defer { state.polled = true }
            return !state.polled
        }
    }

    /// Bytes from the client, framed however the transport received them.
    func receive(_ bytes: ByteBuffer) {
        inboundInput.yield(bytes)
    }

    /// The transport's input ended (the WebSocket closed).
    func inputEnded() {
        inboundInput.finish()
    }

    // MARK: Running

    func run() async {
        state.withLock { state in
            state.startedAt = .now
            state.lastReceived = .now
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.receiveLoop() }
            group.addTask { await self.timerLoop() }
            loop: for await command in commands {
                switch command {
                case .pump(let platformID, let events):
                    group.addTask { await self.pump(platformID, events) }
                case .stop:
                    break loop
                }
            }
            group.cancelAll()
        }
        let subscriptions = state.withLock { $0.subscriptions }
        for (broadcaster, id) in subscriptions { broadcaster.unsubscribe(id) }
        inboundInput.finish()
        commandInput.finish()
    }

    /// Ends the connection once; later calls do nothing.
    func finish(_ reason: EndReason) {
        let (first, handshakeDone) = state.withLock { state in
            defer { state.ended = true }
            return (!state.ended, state.handshakeDone)
        }
        guard first else { return }
        switch reason {
        case .clientClosed, .shutdown:
            outbox.close(final: handshakeDone ? HubWire.close(error: nil, allowReconnect: false) : nil)
        case .protocolError:
            outbox.close(
                final: handshakeDone
                    ? HubWire.close(error: "Connection closed with an error.", allowReconnect: false) : nil)
        case .dropped, .clientTimeout:
            outbox.close(final: handshakeDone ? HubWire.close(error: nil, allowReconnect: true) : nil)
        case .handshakeFailed(let error):
            outbox.close(final: HubWire.handshakeResponse(error: error))
        case .gone:
            outbox.terminate()
        }
        commandInput.yield(.stop)
        // A connection whose run loop never started still has to free its subscriptions.
        if !isStarted {
            let subscriptions = state.withLock { $0.subscriptions }
            for (broadcaster, id) in subscriptions { broadcaster.unsubscribe(id) }
        }
    }

    /// Queues messages for the client, counting them against `dropAfterMessages` and holding them back by
    /// `messageDelay`; the faults are read on every call so tests can change them while running.
    /// `bytes` may hold several messages (a batch of events): the drop fault still cuts after exactly the message
    /// that reaches the limit.
    func send(_ bytes: ByteBuffer, messages: Int) {
        let faults = environment.faults()
        let outcome: (allowed: Int, drop: Bool)? = state.withLock { state in
            guard !state.ended else { return nil }
            let before = state.sent
            state.sent += messages
            guard let limit = faults.dropAfterMessages, limit >= 0, state.sent >= limit else {
                return (messages, false)
            }
            return (min(messages, max(1, limit - before)), true)
        }
        guard let outcome else { return }
        let kept = outcome.allowed < messages ? Self.firstMessages(outcome.allowed, of: bytes) : bytes
        outbox.enqueue(kept, delay: faults.messageDelay.flatMap { $0 > 0 ? .seconds($0) : nil })
        if outcome.drop { finish(.dropped) }
    }

    /// The first `count` messages of `bytes` (each ends with the record separator).
    static func firstMessages(_ count: Int, of bytes: ByteBuffer) -> ByteBuffer {
        let end: Int? = bytes.withUnsafeReadableBytes { raw in
            var seen = 0
            for (index, byte) in raw.enumerated() where byte == HubWire.recordSeparator {
                seen += 1
                if seen == count { return index + 1 }
            }
            return nil
        }
        guard let end else { return bytes }
        return bytes.getSlice(at: bytes.readerIndex, length: end) ?? bytes
    }

    private func receiveLoop() async {
        var reader = HubRecordReader(maxMessageBytes: options.maxMessageBytes)
        for await bytes in inbound {
            state.withLock { $0.lastReceived = .now }
            let records: [[UInt8]]
            do {
                records = try reader.append(bytes)
            } catch {
                finish(.protocolError)
                return
            }
            for record in records {
                guard handle(record) else { return }
            }
        }
        if !Task.isCancelled { finish(.gone) }
    }

    private func timerLoop() async {
        let tick = min(Duration.milliseconds(100), options.keepAliveInterval / 2)
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            if Task.isCancelled { return }
            let now = ContinuousClock.now
            let faults = environment.faults()
            let (handshakeDone, startedAt, lastReceived) = state.withLock {
                ($0.handshakeDone, $0.startedAt, $0.lastReceived)
            }
            let age = now - startedAt
            if !handshakeDone, age >= options.handshakeTimeout {
                return finish(.handshakeFailed("Handshake was canceled."))
            }
            if handshakeDone, now - lastReceived >= options.clientTimeout {
                return finish(.clientTimeout)
            }
            if let every = faults.dropEvery, every > 0, age >= .seconds(every) {
                return finish(.dropped)
            }
            if let unattended = outbox.unattendedFor, unattended >= options.disconnectTimeout {
                return finish(.gone)
            }
            if let stall = faults.stallAfter, age >= .seconds(stall) {
                outbox.stall()
            }
            if handshakeDone, now - outbox.lastEnqueue >= options.keepAliveInterval {
                send(HubWire.ping, messages: 1)
            }
        }
    }

    /// Each published batch becomes one write to the outbox: its messages leave together.
    private func pump(_ platformID: UUID, _ batches: AsyncStream<[MarketEvent]>) async {
        for await events in batches {
            router.route(events, platformID: platformID) { bytes, count in send(bytes, messages: count) }
        }
    }

    /// Subscribes to a platform's broadcaster once; its pump starts in the run loop.
    func bind(_ platformID: UUID) {
        let isNew = state.withLock { $0.boundPlatforms.insert(platformID).inserted }
        guard isNew, let broadcaster = environment.broadcaster(for: platformID) else { return }
        let subscription = broadcaster.subscribe()
        state.withLock { $0.subscriptions.append((broadcaster, subscription.id)) }
        commandInput.yield(.pump(platformID, subscription.events))
    }
}
