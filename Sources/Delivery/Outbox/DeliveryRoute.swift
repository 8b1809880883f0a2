/// How the worker treats one destination of the outbox (`mail`, `news`, `webhook:risk_desk`): which channel
/// delivers, how many sends may be in flight, how fast, and whether notifications wait to be grouped.
public struct DeliveryRoute: Sendable {
    public var channel: any DeliveryChannel
    /// Sends in flight at once; one keeps a receiver's messages in order.
    public var concurrency: Int
    /// At most this many sends per interval.
    public var rateLimit: (count: Int, interval: Duration)?
    /// Notifications wait this long after the first one so that those arriving meanwhile go as one message (for a
    /// channel that takes batches): twelve margin calls in a second become one chat message with a count.
    public var groupWindow: Duration?
    /// The most notifications in one grouped message.
    public var groupLimit: Int

    public init(
        channel: any DeliveryChannel, concurrency: Int = 1, rateLimit: (count: Int, interval: Duration)? = nil,
        groupWindow: Duration? = nil, groupLimit: Int = 50
    ) {
        self.channel = channel
        self.concurrency = max(concurrency, 1)
        self.rateLimit = rateLimit
        self.groupWindow = groupWindow
        self.groupLimit = max(groupLimit, 1)
    }
}
