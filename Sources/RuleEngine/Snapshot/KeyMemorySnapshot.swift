import RuleLanguage

/// What one alert key remembers, saved: every window's samples, the values `prev(…)` returns and the time of the
/// key's latest event. This is what lets a 1-hour `drop(equity, 1h)` see pre-restart samples.
public struct KeyMemorySnapshot: Codable, Sendable {
    public struct Window: Codable, Sendable {
        public var duration: Double
        /// Oldest first, as `[time, value]` pairs in seconds since the epoch.
        public var samples: [[Double]]
    }

    public var windows: [Window]
    public var previousNumbers: [Double]
    public var previousStrings: [String?]
    public var latestNumbers: [Double]
    public var latestStrings: [String?]
    /// NaN before the key's first event.
    public var lastEventTime: Double

    init(_ memory: KeyMemory) {
        windows = memory.windows.map { window in
            Window(duration: window.duration, samples: window.allSamples.map { [$0.time, $0.value] })
        }
        previousNumbers = memory.previousNumbers
        previousStrings = memory.previousStrings
        latestNumbers = memory.latestNumbers
        latestStrings = memory.latestStrings
        lastEventTime = memory.lastEventTime
    }

    /// The memory for a rule with `layout`, or nil when the saved one has another shape (the rule's windows or
    /// `prev(…)` uses changed, or the file came from an mtrules that laid memory out differently).
    func memory(for layout: MemoryLayout) -> KeyMemory? {
        guard windows.map(\.duration) == layout.windowDurations,
            previousNumbers.count == layout.previousNumberCount, latestNumbers.count == layout.previousNumberCount,
            previousStrings.count == layout.previousStringCount, latestStrings.count == layout.previousStringCount,
            windows.allSatisfy({ $0.samples.allSatisfy { $0.count == 2 } })
        else { return nil }
        let memory = KeyMemory(layout: layout)
        memory.windows = zip(windows, layout.windowExtremes).map { window, extremes in
            SlidingWindow(
                duration: window.duration, extremes: extremes,
                restoring: window.samples.map { SlidingWindow.Sample(time: $0[0], value: $0[1]) })
        }
        memory.previousNumbers = previousNumbers
        memory.previousStrings = previousStrings
        memory.latestNumbers = latestNumbers
        memory.latestStrings = latestStrings
        memory.lastEventTime = lastEventTime
        return memory
    }
}
