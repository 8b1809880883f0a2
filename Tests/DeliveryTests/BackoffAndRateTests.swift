import Delivery
import Testing

@Suite("Back-off and rate limits")
struct BackoffAndRateTests {
    @Test("the back-off doubles from 1 s, is capped at 5 min, and jitter stays within ±20 %")
    func backoff() {
        let policy = BackoffPolicy()
        #expect(policy.delay(afterAttempts: 1, random: 0.5) == .seconds(1))
        #expect(policy.delay(afterAttempts: 2, random: 0.5) == .seconds(2))
        #expect(policy.delay(afterAttempts: 5, random: 0.5) == .seconds(16))
        #expect(policy.delay(afterAttempts: 30, random: 0.5) == .seconds(300))
        #expect(policy.delay(afterAttempts: 3, random: 0) == .milliseconds(3200))
        #expect(policy.delay(afterAttempts: 3, random: 1) == .milliseconds(4800))
    }

    @Test("a receiver's Retry-After wins when it is longer, up to the cap")
    func retryAfter() {
        let policy = BackoffPolicy(maxRetryAfter: .seconds(600))
        #expect(policy.delay(afterAttempts: 1, retryAfter: .seconds(30), random: 0.5) == .seconds(30))
        #expect(policy.delay(afterAttempts: 6, retryAfter: .seconds(1), random: 0.5) == .seconds(32))
        #expect(policy.delay(afterAttempts: 1, retryAfter: .seconds(86_400), random: 0.5) == .seconds(600))
    }

    @Test("the rate limiter lets a burst of `limit` through, then one per interval/limit")
    func rateLimiter() {
        var limiter = RateLimiter(limit: 3, per: .seconds(3))
        #expect(limiter.acquire(now: .zero) == nil)
        #expect(limiter.acquire(now: .zero) == nil)
        #expect(limiter.acquire(now: .zero) == nil)
        #expect(limiter.acquire(now: .zero) == .seconds(1))
        #expect(limiter.acquire(now: .milliseconds(500)) == .milliseconds(500))
        #expect(limiter.acquire(now: .seconds(1)) == nil)
        #expect(limiter.acquire(now: .seconds(10)) == nil)
        #expect(limiter.acquire(now: .seconds(10)) == nil)
        #expect(limiter.acquire(now: .seconds(10)) == nil)
        #expect(limiter.acquire(now: .seconds(10)) != nil)
    }
}
