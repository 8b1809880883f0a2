import Synchronization

/// Fans a platform's events out to every hub connection subscribed to it. Each subscriber gets its own bounded
/// buffer, so one slow client cannot stall the market or the others: when its buffer is full the oldest events are
/// dropped for that subscriber alone, as a real server would drop a client that falls too far behind.
///
/// Events travel in the batches they were published in (a market step, a benchmark's burst): a subscriber's
/// connection encodes a batch into one outbox write, so the per-event cost of the hand-over is paid once per batch.
/// The buffer holds `bufferSize` batches.
public final class EventBroadcaster: Sendable {
    public struct Subscription: Sendable {
        public let id: UInt64
        public let events: AsyncStream<[MarketEvent]>
    }

    private struct State {
        var nextID: UInt64 = 0
        var subscribers: [UInt64: AsyncStream<[MarketEvent]>.Continuation] = [:]
    }

    private let state = Mutex(State())
    private let bufferSize: Int

    public init(bufferSize: Int = 100_000) {
        self.bufferSize = bufferSize
    }

    public func subscribe() -> Subscription {
        let (stream, continuation) = AsyncStream<[MarketEvent]>.makeStream(
            bufferingPolicy: .bufferingNewest(bufferSize))
        let id = state.withLock { state in
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return Subscription(id: id, events: stream)
    }

    public func unsubscribe(_ id: UInt64) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: id) }
        continuation?.finish()
    }

    public func publish(_ events: [MarketEvent]) {
        guard !events.isEmpty else { return }
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for continuation in subscribers { continuation.yield(events) }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
