import Foundation

/// When to try a failed delivery again: exponential back-off with jitter, capped, so a receiver that is down for
/// an hour is asked a few dozen times, not thousands, and a fleet of retries does not arrive in lockstep.
public struct BackoffPolicy: Sendable, Hashable {
    /// The wait after the first failed attempt.
    public var initialDelay: Duration
    /// No wait is longer than this.
    public var maxDelay: Duration
    public var multiplier: Double
    /// Each wait is moved by a random share of up to this fraction, up or down.
    public var jitter: Double
    /// A receiver's `Retry-After` is honoured up to this long; beyond it the back-off applies.
    public var maxRetryAfter: Duration

    public init(
        initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300), multiplier: Double = 2,
        jitter: Double = 0.2, maxRetryAfter: Duration = .seconds(3600)
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait after `attempts` failed attempts (1 = the first failed). `random` in 0...1 picks the jitter.
    public func delay(afterAttempts attempts: Int, retryAfter: Duration? = nil, random: Double) -> Duration {
        let exponent = Double(max(attempts, 1) - 1)
        let base = min(Self.seconds(initialDelay) * pow(multiplier, exponent), Self.seconds(maxDelay))
        let jittered = base * (1 + jitter * (2 * random - 1))
        var wait = Duration.milliseconds(Int64((max(jittered, 0) * 1000).rounded()))
        if let retryAfter, retryAfter > wait {
            wait = min(retryAfter, maxRetryAfter)
        }
        return wait
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
