import AlertModel

/// `limit N per D`: at most N notifications per period for a rule; the rest are counted and summarised once the
/// period ends, so a flood is visible as one message instead of silently dropped.
struct FloodLimiter {
    let count: Int
    let period: Int64
    private(set) var windowStart: Int64?
    private var sent = 0
    private(set) var suppressed = 0
    private(set) var suppressedKeys: [String] = []
    private(set) var suppressedSince: Int64?
    /// More distinct alerts were held back than the summary lists.
    private var moreKeys = false

    init(count: Int, period: Int64) {
        self.count = count
        self.period = period
    }

    /// A limiter continuing from saved counts (after a restart), so a flood stays limited across it.
    init(count: Int, period: Int64, restoring saved: FloodLimiterSnapshot) {
        self.init(count: count, period: period)
        windowStart = saved.windowStart
        sent = saved.sent
        suppressed = saved.suppressed
        suppressedKeys = saved.suppressedKeys
        suppressedSince = saved.suppressedSince
        moreKeys = saved.moreKeys
    }

    var saved: FloodLimiterSnapshot {
        FloodLimiterSnapshot(
            windowStart: windowStart, sent: sent, suppressed: suppressed, suppressedKeys: suppressedKeys,
            suppressedSince: suppressedSince, moreKeys: moreKeys)
    }

    /// When the summary of what is held back is due: the end of the period of the first refusal. Timers are not
    /// saved, so a restored engine schedules this again.
    var summaryDue: Int64? {
        guard suppressed > 0, let windowStart else { return nil }
        return windowStart + period
    }

    /// Whether a notification may go out now. When it may not, returns false and remembers it; the first refusal of
    /// a period returns the time its summary is due through `summaryDue`.
    mutating func admit(at now: Int64, key: String) -> (admitted: Bool, summaryDue: Int64?) {
        if windowStart == nil || now >= windowStart! + period {
            windowStart = now
            sent = 0
        }
        if sent < count {
            sent += 1
            return (true, nil)
        }
        suppressed += 1
        if !suppressedKeys.contains(key) {
            if suppressedKeys.count < 10 { suppressedKeys.append(key) } else { moreKeys = true }
        }
        if suppressed == 1 {
            suppressedSince = now
            return (false, windowStart! + period)
        }
        return (false, nil)
    }

    /// Takes the summary of what was held back, resetting the count.
    mutating func takeSummary() -> (count: Int, keys: [String], moreKeys: Bool, since: Int64)? {
        guard suppressed > 0, let since = suppressedSince else { return nil }
        defer {
            suppressed = 0
            suppressedKeys = []
            suppressedSince = nil
            moreKeys = false
        }
        return (suppressed, suppressedKeys, moreKeys, since)
    }
}
