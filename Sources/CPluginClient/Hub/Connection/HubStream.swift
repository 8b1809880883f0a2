import Synchronization

/// The items of a hub stream, as an `AsyncSequence` that cancels the stream on the server when its consumer stops:
/// leaving a `for try await` loop (the iterator goes away), cancelling the consuming task, or calling `cancel()`.
/// A plain `AsyncThrowingStream` would keep the server streaming after a `break` for as long as the stream value
/// itself is referenced.
public struct HubStream<Element: Sendable>: AsyncSequence, Sendable {
    private let base: AsyncThrowingStream<Element, any Error>
    private let cancellation: Cancellation

    /// - Parameter onCancel: called once, when the consumer stops before the stream ended.
    init(_ base: AsyncThrowingStream<Element, any Error>, onCancel: @escaping @Sendable () -> Void) {
        self.base = base
        self.cancellation = Cancellation(onCancel)
    }

    /// A stream that fails at once: what was asked cannot be streamed.
    static func failed(_ error: any Error) -> HubStream {
        HubStream(AsyncThrowingStream { $0.finish(throwing: error) }, onCancel: {})
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), guardian: Guardian(cancellation))
    }

    /// Stops the stream: the server is told, and iteration ends.
    public func cancel() { cancellation.cancel() }

    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Element, any Error>.Iterator
        let guardian: Guardian

        public mutating func next() async throws -> Element? {
            try await base.next()
        }
    }

    /// Runs the cancel action once, however many times it is asked.
    final class Cancellation: Sendable {
        private let action: Mutex<(@Sendable () -> Void)?>

        init(_ action: @escaping @Sendable () -> Void) {
            self.action = Mutex(action)
        }

        func cancel() {
            let run = action.withLock { action in
                defer { action = nil }
                return action
            }
            run?()
        }
    }

    /// Owned by the iterator (and its copies): when the last one goes away, the consumer is gone.
    final class Guardian: Sendable {
        let cancellation: Cancellation

        init(_ cancellation: Cancellation) {
            self.cancellation = cancellation
        }

        deinit { cancellation.cancel() }
    }
}
