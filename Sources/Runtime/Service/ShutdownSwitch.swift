/// Stops a running service gracefully, exactly as SIGTERM would: for the demo's `--duration` and for tests that
/// stop a service in the middle of its work.
public final class ShutdownSwitch: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the service to stop; it finishes what it is doing first. Calling it again does nothing.
    public func stop() {
        continuation.yield()
        continuation.finish()
    }

    /// Returns once `stop()` was called (at once if it already was).
    func stopped() async {
        for await _ in stream { return }
    }
}
