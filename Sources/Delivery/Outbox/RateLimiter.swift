/// A token bucket per receiver: at most `limit` sends per `interval`, evenly refilled, so a storm of margin calls
/// does not get a chat webhook's key rate-limited or banned. Time is passed in, so it is deterministic in tests.
public struct RateLimiter: Sendable {
    public let limit: Int
    public let interval: Duration
    private var tokens: Double
    private var updated: Duration?

    public init(limit: Int, per interval: Duration) {
        precondition(limit > 0 && interval > .zero, "a rate limit needs a positive count and interval")
        self.limit = limit
        self.interval = interval
        self.tokens = Double(limit)
    }

    /// Takes a token at `now` (time since any fixed origin); if none is left, returns how long until one is.
    public mutating func acquire(now: Duration) -> Duration? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let perToken = BackoffPolicy.seconds(interval) / Double(limit)
        let missing = (1 - tokens) * perToken
        return .milliseconds(Int64((missing * 1000).rounded(.up)))
    }

    private mutating func refill(_ now: Duration) {
        defer { updated = now }
        guard let updated, now > updated else { return }
        let elapsed = BackoffPolicy.seconds(now - updated)
        tokens = min(Double(limit), tokens + elapsed * Double(limit) / BackoffPolicy.seconds(interval))
    }
}
