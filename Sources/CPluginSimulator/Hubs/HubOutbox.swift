import Hummingbird
import Synchronization

/// The queue of encoded messages waiting for a connection's transport. Producers (the event pump, the dispatcher,
/// the keep-alive timer) append complete messages; the one consumer (a WebSocket writer, an event stream or the
/// current long poll) takes everything ready at once, so messages queued while the last write was in flight leave
/// together in one frame, event or poll response. Fault injection lives here too: a delay holds each message back
/// from the moment it was queued, and a stall swallows everything without closing.
final class HubOutbox: Sendable {
    /// What a consumer gets.
    enum Take: Sendable {
        /// Complete messages, at most `maxBytes` unless a single message is larger.
        case data(ByteBuffer)
        /// The long-poll timeout passed with nothing to send.
        case timedOut
        /// The connection is over and everything queued has been taken.
        case closed
        /// A newer long poll took over (the older one answers `204`, as ASP.NET does).
        case superseded
        /// The consumer's task was cancelled.
        case cancelled
    }

    private enum Wake: Sendable {
        case check
        case timedOut
        case superseded
        case cancelled
    }

    private struct Chunk {
        var readyAt: ContinuousClock.Instant
        var bytes: ByteBuffer
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Wake, Never>
    }

    private struct State {
        var chunks: [Chunk] = []
        var closed = false
        var stalled = false
        var waiter: Waiter?
        var nextWaiterID: UInt64 = 0
        var lastEnqueue: ContinuousClock.Instant
        var consumers = 0
        var lastConsumerLeft: ContinuousClock.Instant
    }

    private let state: Mutex<State>

    init() {
        let now = ContinuousClock.now
        state = Mutex(State(lastEnqueue: now, lastConsumerLeft: now))
    }

    /// Queues complete messages. Returns false once the outbox is closed. A delay holds them back from now.
    @discardableResult
    func enqueue(_ bytes: ByteBuffer, delay: Duration? = nil) -> Bool {
        let now = ContinuousClock.now
        let (accepted, waiter): (Bool, Waiter?) = state.withLock { state in
            guard !state.closed else { return (false, nil) }
            state.lastEnqueue = now
            guard !state.stalled else { return (true, nil) }
            let readyAt = delay.map { now + $0 } ?? now
            // Merge into the last chunk when that keeps every message's delivery time: same or later readiness
            // (order is kept anyway), or both ready now.
            if let last = state.chunks.indices.last,
                state.chunks[last].readyAt >= readyAt || (state.chunks[last].readyAt <= now && readyAt <= now)
            {
                state.chunks[last].bytes.writeImmutableBuffer(bytes)
            } else {
                state.chunks.append(Chunk(readyAt: readyAt, bytes: bytes))
            }
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.continuation.resume(returning: .check)
        return accepted
    }

    /// Queues a last message (a Close, or nothing) and refuses everything after it; consumers drain what is queued.
    func close(final: ByteBuffer?) {
        let waiter: Waiter? = state.withLock { state in
            guard !state.closed else { return nil }
            if let final, !state.stalled {
                state.chunks.append(Chunk(readyAt: state.chunks.last?.readyAt ?? .now, bytes: final))
            }
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: .check)
    }

    /// Closes and drops whatever is still queued: the transport is gone or the client asked to end.
    func terminate() {
        let waiter: Waiter? = state.withLock { state in
            state.closed = true
            state.chunks.removeAll()
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: .check)
    }

    /// Swallows everything from now on without closing: a stalled link.
    func stall() {
        state.withLock { state in
            state.stalled = true
            state.chunks.removeAll()
        }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// When something was last queued (the keep-alive timer pings after a quiet interval).
    var lastEnqueue: ContinuousClock.Instant { state.withLock { $0.lastEnqueue } }

    /// How long no consumer has been attached, or nil while one is (the disconnect timeout of HTTP transports).
    var unattendedFor: Duration? {
        state.withLock { $0.consumers > 0 ? nil : ContinuousClock.now - $0.lastConsumerLeft }
    }

    /// Marks a consumer as present for `body` (a WebSocket or event stream for its whole life, a poll while it waits).
    func attended<T>(_ body: () async throws -> T) async rethrows -> T {
        state.withLock { $0.consumers += 1 }
        defer {
            state.withLock { state in
                state.consumers -= 1
                state.lastConsumerLeft = .now
            }
        }
        return try await body()
    }

    /// Waits for messages and takes everything ready, up to `maxBytes` cut at a message boundary.
    func take(maxBytes: Int, timeout: Duration? = nil) async -> Take {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            enum Step {
                case take(Take)
                case sleep(until: ContinuousClock.Instant)
                case wait
            }
            let now = ContinuousClock.now
            let step: Step = state.withLock { state in
                if let first = state.chunks.first {
                    if first.readyAt <= now {
                        return .take(.data(Self.takeReady(&state, now: now, maxBytes: maxBytes)))
                    }
                    return .sleep(until: first.readyAt)
                }
                return state.closed ? .take(.closed) : .wait
            }
            switch step {
            case .take(let take):
                return take
            case .sleep(let until):
                if let deadline, deadline < until {
                    try? await Task.sleep(until: deadline)
                    if Task.isCancelled { return .cancelled }
                    return .timedOut
                }
                try? await Task.sleep(until: until)
                if Task.isCancelled { return .cancelled }
            case .wait:
                switch await wait(deadline: deadline) {
                case .check: continue
                case .timedOut: return .timedOut
                case .superseded: return .superseded
                case .cancelled: return .cancelled
                }
            }
        }
    }

    private static func takeReady(_ state: inout State, now: ContinuousClock.Instant, maxBytes: Int) -> ByteBuffer {
        var out = state.chunks.removeFirst().bytes
        while let next = state.chunks.first, next.readyAt <= now,
            out.readableBytes + next.bytes.readableBytes <= maxBytes
        {
            var next = state.chunks.removeFirst().bytes
            out.writeBuffer(&next)
        }
        guard out.readableBytes > maxBytes else { return out }
        // Cut at the last record separator within the limit; the JSON itself never contains 0x1E (JSON escapes
        // control characters), so the separator always marks a message boundary.
        let cut: Int? = out.withUnsafeReadableBytes { raw in
            var index = min(maxBytes, raw.count) - 1
            while index >= 0 {
                if raw[index] == HubWire.recordSeparator { return index + 1 }
                index -= 1
            }
            return raw.firstIndex(of: HubWire.recordSeparator).map { $0 + 1 }
        }
        guard let cut, cut < out.readableBytes, let head = out.readSlice(length: cut) else { return out }
        state.chunks.insert(Chunk(readyAt: now, bytes: out), at: 0)
        return head
    }

    private func wait(deadline: ContinuousClock.Instant?) async -> Wake {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline)
                if !Task.isCancelled { self?.resume(id, with: .timedOut) }
            }
        }
        defer { timer?.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                enum Now {
                    case resume(Wake)
                    case supersede(Waiter)
                    case park
                }
                let now: Now = state.withLock { state in
                    if Task.isCancelled { return .resume(.cancelled) }
                    if !state.chunks.isEmpty || state.closed { return .resume(.check) }
                    if let deadline, deadline <= .now { return .resume(.timedOut) }
                    let previous = state.waiter
                    state.waiter = Waiter(id: id, continuation: continuation)
                    return previous.map { .supersede($0) } ?? .park
                }
                switch now {
                case .resume(let wake): continuation.resume(returning: wake)
                case .supersede(let previous): previous.continuation.resume(returning: .superseded)
                case .park: break
                }
            }
        } onCancel: {
            self.resume(id, with: .cancelled)
        }
    }

    private func resume(_ id: UInt64, with wake: Wake) {
        let waiter: Waiter? = state.withLock { state in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(returning: wake)
    }
}
