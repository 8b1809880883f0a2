/// Which windows and previous values a rule keeps per alert key; decided at compile time.
public struct MemoryLayout: Sendable, Hashable {
    public var windowDurations: [Double]
    /// The extremes each window's functions read (`max`/`drop`, `min`/`rise`), by window slot.
    public var windowExtremes: [SlidingWindow.Extremes]
    public var previousNumberCount: Int
    public var previousStringCount: Int

    /// Windows without `windowExtremes` keep both extremes.
    public init(
        windowDurations: [Double], windowExtremes: [SlidingWindow.Extremes]? = nil, previousNumberCount: Int,
        previousStringCount: Int
    ) {
        self.windowDurations = windowDurations
        self.windowExtremes = windowExtremes ?? windowDurations.map { _ in .both }
        self.previousNumberCount = previousNumberCount
        self.previousStringCount = previousStringCount
    }

    public static let empty = MemoryLayout(windowDurations: [], previousNumberCount: 0, previousStringCount: 0)
    public var isEmpty: Bool { self == .empty }
}

/// What one alert key remembers between events: its windows, the values `prev(x)` returns, and when it last had an
/// event (for `silence`).
///
/// Open so the engine's per-key state can be one: reaching the memory through a second object cost a cache miss on
/// every evaluation of a key, and an allocation for every new one. Its members are not open, so they are read directly.
open class KeyMemory {
    public var windows: [SlidingWindow]
    /// What `prev(…)` returns: the values at the key's previous event.
    public var previousNumbers: [Double]
    public var previousStrings: [String?]
    /// The values at the key's latest event; they become the previous ones when the next event arrives, so a timer
    /// re-evaluating between events still sees the same `prev(…)` as the event did.
    public var latestNumbers: [Double]
    public var latestStrings: [String?]
    /// Seconds since the epoch of the key's latest event; NaN before the first.
    public var lastEventTime: Double = .nan

    public init(layout: MemoryLayout) {
        self.windows = zip(layout.windowDurations, layout.windowExtremes).map {
            SlidingWindow(duration: $0, extremes: $1)
        }
        self.previousNumbers = Array(repeating: .nan, count: layout.previousNumberCount)
        self.previousStrings = Array(repeating: nil, count: layout.previousStringCount)
        self.latestNumbers = previousNumbers
        self.latestStrings = previousStrings
    }

    /// Reads window `slot` as of `now`, dropping the samples that have left it first: one access to the windows, where
    /// evicting and reading through `windows[slot]` twice checked the array was unique twice.
    @inline(__always)
    public final func readWindow(_ slot: Int, now: Double, _ read: (inout SlidingWindow) -> Double) -> Double {
        windows.withUnsafeMutableBufferPointer { windows in
            windows[slot].evict(now: now)
            return read(&windows[slot])
        }
    }

    /// A memory holding what `other` holds (its arrays are shared until either changes).
    public init(copying other: KeyMemory) {
        self.windows = other.windows
        self.previousNumbers = other.previousNumbers
        self.previousStrings = other.previousStrings
        self.latestNumbers = other.latestNumbers
        self.latestStrings = other.latestStrings
        self.lastEventTime = other.lastEventTime
    }

    /// The earliest time a window's content changes by expiry alone.
    public var nextExpiry: Double? {
        windows.compactMap(\.nextExpiry).min()
    }
}
