import AlertModel

/// Time arithmetic for the store's millisecond columns.
extension Timestamp {
    init?(optionalMilliseconds milliseconds: Int64?) {
        guard let milliseconds else { return nil }
        self.init(milliseconds: milliseconds)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a lease or delay is never shorter than asked.
    var storeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let fraction = attoseconds / 1_000_000_000_000_000 + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? .min : .max) : whole.saturatingAdd(fraction)
    }
}

extension Int64 {
    /// Times near the ends of the range (a test's "far future", a retention of "forever") stay at the end rather
    /// than trap.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other < 0 ? .min : .max) : sum
    }
}
