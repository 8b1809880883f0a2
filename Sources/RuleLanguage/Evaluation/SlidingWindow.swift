/// The samples of one value over a time window, for one alert key: `avg(spread, 10m)`, `drop(equity, 1h)`.
/// Sum and count are kept running; min and max by monotonic queues, so every query is O(1) amortised. A queue is kept
/// only when the rule reads it (`max`/`drop` the maxima, `min`/`rise` the minima): with thousands of accounts each
/// holding a window, an unread queue is memory for nothing.
public struct SlidingWindow: Sendable {
    /// Which extremes a window keeps a queue for.
    public struct Extremes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let maximum = Extremes(rawValue: 1)
        public static let minimum = Extremes(rawValue: 2)
        public static let both: Extremes = [.maximum, .minimum]
    }

    public struct Sample: Sendable, Hashable {
        public var time: Double
        public var value: Double

        public init(time: Double, value: Double) {
            self.time = time
            self.value = value
        }
    }

    public let duration: Double
    public let extremes: Extremes
    private var samples = RingBuffer<Sample>()
    private var maxima = RingBuffer<Sample>()
    private var minima = RingBuffer<Sample>()
    private var total = 0.0
    /// The oldest sample's time (infinity when empty), kept here so that `evict` decides there is nothing to drop
    /// without reading the oldest sample: in a long window that is a cache line no other access touches.
    private var oldest = Double.infinity

    public init(duration: Double, extremes: Extremes = .both) {
        self.duration = duration
        self.extremes = extremes
    }

    /// A window holding `samples` (oldest first), as `allSamples` listed them: how saved engine state comes back after
    /// a restart. The running sum and the min/max queues are rebuilt by adding them again in order.
    public init(duration: Double, extremes: Extremes = .both, restoring samples: [Sample]) {
        self.duration = duration
        self.extremes = extremes
        for sample in samples { add(sample.value, at: sample.time) }
    }

    /// Adds a sample taken at `time`, dropping those that fell out of the window.
    public mutating func add(_ value: Double, at time: Double) {
        evict(now: time)
        guard !value.isNaN else { return }
        let sample = Sample(time: time, value: value)
        if samples.isEmpty { oldest = time }
        samples.append(sample)
        total += value
        if extremes.contains(.maximum) {
            while let last = maxima.last, last.value <= value { maxima.removeLast() }
            maxima.append(sample)
        }
        if extremes.contains(.minimum) {
            while let last = minima.last, last.value >= value { minima.removeLast() }
            minima.append(sample)
        }
    }

    /// Drops samples older than `now - duration`.
    public mutating func evict(now: Double) {
        let horizon = now - duration
        // The extremes' queues hold samples no older than the oldest: when it stays, they all do.
        guard oldest < horizon else { return }
        while let first = samples.first, first.time < horizon {
            samples.removeFirst()
            total -= first.value
        }
        oldest = samples.first?.time ?? .infinity
        while let first = maxima.first, first.time < horizon { maxima.removeFirst() }
        while let first = minima.first, first.time < horizon { minima.removeFirst() }
        if samples.isEmpty { total = 0 }
    }

    public var count: Int { samples.count }
    public var sum: Double { total }
    public var average: Double { samples.isEmpty ? .nan : total / Double(samples.count) }
    public var maximum: Double { maxima.first?.value ?? .nan }
    public var minimum: Double { minima.first?.value ?? .nan }
    public var first: Double { samples.first?.value ?? .nan }
    public var last: Double { samples.last?.value ?? .nan }
    /// When the oldest sample leaves the window, so a timer can re-evaluate a rule whose value changes then.
    public var nextExpiry: Double? { samples.first.map { $0.time + duration } }
    public var oldestTime: Double? { samples.first?.time }
    public var allSamples: [Sample] { samples.elements }

    /// Percent change from the oldest sample in the window to the latest.
    public var change: Double { Self.percent(from: first, to: last) }
    /// Percent fall from the window's high to the latest value (0 or more).
    public var drop: Double { Self.atLeastZero(-Self.percent(from: maximum, to: last)) }
    /// Percent rise from the window's low to the latest value (0 or more).
    public var rise: Double { Self.atLeastZero(Self.percent(from: minimum, to: last)) }

    /// Clamps to zero but keeps "unknown": `max(0, .nan)` would turn an empty window into a 0% move.
    private static func atLeastZero(_ value: Double) -> Double {
        value.isNaN ? value : max(0, value)
    }

    private static func percent(from base: Double, to value: Double) -> Double {
        guard !base.isNaN, !value.isNaN, base != 0 else { return .nan }
        return (value - base) / abs(base) * 100
    }
}

/// A growable FIFO ring buffer; `Array.removeFirst` is O(n), and windows pop from the front constantly. For plain
/// values only (samples): slots are overwritten, never cleared, so the storage needs no optionals (a third smaller).
/// The capacity is a power of two (4, then doubled), so a position wraps with a mask: a division on every sample of
/// every window was a visible share of a tick rule with windows.
struct RingBuffer<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var first: Element? { count == 0 ? nil : storage[head] }
    var last: Element? { count == 0 ? nil : storage[wrapped(head + count - 1)] }

    var elements: [Element] {
        (0..<count).map { storage[wrapped(head + $0)] }
    }

    /// A position taken around the ring (the capacity being a power of two).
    private func wrapped(_ position: Int) -> Int {
        position & (storage.count - 1)
    }

    mutating func append(_ element: Element) {
        if count == storage.count { grow(filling: element) }
        storage[wrapped(head + count)] = element
        count += 1
    }

    mutating func removeFirst() {
        guard count > 0 else { return }
        head = wrapped(head + 1)
        count -= 1
    }

    mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
    }

    /// Doubles the capacity (from 4), unrolling the ring; `element` fills the new slots until they are written.
    private mutating func grow(filling element: Element) {
        let newCapacity = max(4, storage.count * 2)
        var newStorage: [Element] = []
        newStorage.reserveCapacity(newCapacity)
        for offset in 0..<count {
            newStorage.append(storage[wrapped(head + offset)])
        }
        newStorage.append(contentsOf: repeatElement(element, count: newCapacity - count))
        storage = newStorage
        head = 0
    }
}
