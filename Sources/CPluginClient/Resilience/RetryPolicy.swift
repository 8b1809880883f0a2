import Foundation

/// How often and how patiently a failed request is tried again: exponential backoff with jitter, so a fleet of
/// clients hitting the same outage spreads out instead of retrying in lockstep.
///
/// The waiting itself is injectable (``sleep``) so tests run without waiting and can see the delays chosen.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    /// The wait before the first retry.
    public var initialDelay: Duration
    /// No single wait is longer than this.
    public var maxDelay: Duration
    /// Each wait is this many times the one before (before jitter).
    public var multiplier: Double
    /// The share of each wait (0…1) that is random: 0.5 waits between half and all of the backoff.
    public var jitter: Double
    /// The longest `Retry-After` honoured; a server asking for longer gets an error instead of a hung caller.
    public var maxRetryAfter: Duration
    /// Waits between attempts; `Task.sleep` unless a test injects something faster.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxAttempts: Int = 4, initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(10),
        multiplier: Double = 2, jitter: Double = 0.5, maxRetryAfter: Duration = .seconds(30),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = max(.zero, initialDelay)
        self.maxDelay = max(.zero, maxDelay)
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
        self.maxRetryAfter = max(.zero, maxRetryAfter)
        self.sleep = sleep
    }

    /// Four attempts, waiting about 0.25 s, 0.5 s and 1 s in between.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// One attempt only.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The wait after failed attempt `attempt` (1-based): `initialDelay × multiplier^(attempt-1)`, capped at
    /// `maxDelay`, of which the `jitter` share is random.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }

    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let initial = initialDelay / .seconds(1)
        let exponent = Double(max(0, attempt - 1))
        let backoff = min(maxDelay / .seconds(1), initial * pow(multiplier, min(exponent, 64)))
        let random = jitter > 0 ? Double.random(in: 0...1, using: &generator) : 0
        return .seconds(backoff * (1 - jitter * random))
    }

    /// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date; nil when absent or unreadable.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, date.timeIntervalSince(now)))
    }
}
