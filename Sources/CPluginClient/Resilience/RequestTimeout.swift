import NIOCore

/// A call's time limit in the two forms it is needed: a deadline for AsyncHTTPClient, and the `X-Request-Timeout`
/// header that tells newer CPlugin servers to give up at the same time instead of working on for nobody.
enum RequestTimeout {
    /// The limit as NIO's `TimeAmount`.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(min(duration / .nanoseconds(1), Double(Int64.max / 2))))
    }

    /// Whole seconds within the 1–300 the API accepts.
    static func headerValue(_ duration: Duration) -> String {
        String(Int(min(300, max(1, (duration / .seconds(1)).rounded(.down)))))
    }
}
