import Testing

@testable import RuleLanguage

@Suite("Sliding windows")
struct SlidingWindowTests {
    private func window(_ duration: Double, _ samples: [(time: Double, value: Double)]) -> SlidingWindow {
        var window = SlidingWindow(duration: duration)
        for sample in samples { window.add(sample.value, at: sample.time) }
        return window
    }

    @Test("count, sum, avg, min, max, first and last over the samples")
    func aggregates() {
        let w = window(60, [(0, 4), (10, 9), (20, 1), (30, 6)])
        #expect(w.count == 4)
        #expect(w.sum == 20)
        #expect(w.average == 5)
        #expect(w.minimum == 1)
        #expect(w.maximum == 9)
        #expect(w.first == 4)
        #expect(w.last == 6)
        #expect(w.oldestTime == 0)
        #expect(w.nextExpiry == 60)
        #expect(w.allSamples.map(\.value) == [4, 9, 1, 6])
    }

    @Test("samples older than now − D are dropped; a sample exactly D old stays")
    func evictionBoundary() {
        var w = window(60, [(0, 1), (30, 2)])
        w.evict(now: 60)
        #expect(w.count == 2)
        #expect(w.allSamples.map(\.time) == [0, 30])
        w.evict(now: 60.001)
        #expect(w.count == 1)
        #expect(w.sum == 2)
        #expect(w.allSamples.map(\.time) == [30])
        w.evict(now: 90)
        #expect(w.count == 1)
        w.evict(now: 1000)
        #expect(w.count == 0)
        #expect(w.sum == 0)
        #expect(w.nextExpiry == nil)
    }

    @Test("adding a sample evicts the expired ones first")
    func addEvicts() {
        let w = window(60, [(0, 100), (30, 5), (61, 7)])
        #expect(w.allSamples.map(\.value) == [5, 7])
        #expect(w.maximum == 7)
        #expect(w.minimum == 5)
        #expect(w.sum == 12)
    }

    @Test("min and max forget values that expire even when they were the extreme")
    func extremesExpire() {
        var w = window(10, [(0, 100), (5, 1), (6, 50), (7, 3)])
        #expect(w.maximum == 100)
        #expect(w.minimum == 1)
        w.evict(now: 10.5)
        #expect(w.maximum == 50)
        #expect(w.minimum == 1)
        w.evict(now: 15.5)
        #expect(w.maximum == 50)
        #expect(w.minimum == 3)
        w.evict(now: 16.5)
        #expect(w.maximum == 3)
        #expect(w.minimum == 3)
    }

    @Test("missing values (NaN) are not sampled, but the window still evicts")
    func nanIgnored() {
        var w = window(60, [(0, 5)])
        w.add(.nan, at: 100)
        #expect(w.count == 0)
        w.add(.nan, at: 101)
        w.add(3, at: 102)
        #expect(w.count == 1)
        #expect(w.average == 3)
    }

    @Test("an empty window has no average, extremes or change")
    func empty() {
        let w = SlidingWindow(duration: 60)
        #expect(w.count == 0)
        #expect(w.sum == 0)
        #expect(w.average.isNaN)
        #expect(w.minimum.isNaN)
        #expect(w.maximum.isNaN)
        #expect(w.change.isNaN)
        #expect(w.first.isNaN)
        #expect(w.last.isNaN)
    }

    @Test("drop and rise of an empty window are unknown, as change is")
    func emptyDropRise() {
        let w = SlidingWindow(duration: 60)
        #expect(w.drop.isNaN, "drop of no samples is \(w.drop)")
        #expect(w.rise.isNaN, "rise of no samples is \(w.rise)")
    }

    @Test(
        "change is from the oldest to the latest sample; drop from the high; rise from the low",
        arguments: [
            ([1000.0, 900], -10.0, 10.0, 0.0),
            ([1000, 1200, 960], -4.0, 20.0, 0.0),
            ([800, 1000], 25.0, 0.0, 25.0),
            ([800, 600, 900], 12.5, 0.0, 50.0),
            ([-100, -50], 50.0, 0.0, 50.0),
            ([5, 5, 5], 0.0, 0.0, 0.0),
        ])
    func percentages(values: [Double], change: Double, drop: Double, rise: Double) {
        let w = window(3600, values.enumerated().map { (time: Double($0.offset), value: $0.element) })
        #expect(abs(w.change - change) < 1e-9)
        #expect(abs(w.drop - drop) < 1e-9)
        #expect(abs(w.rise - rise) < 1e-9)
    }

    @Test("change from zero is unknown")
    func changeFromZero() {
        #expect(window(60, [(0, 0), (1, 5)]).change.isNaN)
    }

    @Test("aggregates match a brute-force recomputation over random timelines", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func matchesBruteForce(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let duration = Double(1 + random.below(30))
        var w = SlidingWindow(duration: duration)
        var all: [(time: Double, value: Double)] = []
        var now = 0.0
        for _ in 0..<2000 {
            now += Double(random.below(8)) / 2
            if random.chance(20) {
                w.evict(now: now)
            } else {
                let value = Double(random.below(200)) - 100
                w.add(value, at: now)
                all.append((now, value))
            }
            all.removeAll { $0.time < now - duration }
            let live = all.map(\.value)
            #expect(w.count == live.count)
            #expect(abs(w.sum - live.reduce(0, +)) < 1e-6)
            #expect(w.maximum == (live.max() ?? .nan) || (w.maximum.isNaN && live.isEmpty))
            #expect(w.minimum == (live.min() ?? .nan) || (w.minimum.isNaN && live.isEmpty))
            #expect(w.first == (live.first ?? .nan) || (w.first.isNaN && live.isEmpty))
            if w.count != live.count { return }
        }
    }

    @Test(
        "a window keeping only the extremes its rule reads answers them as one keeping both",
        arguments: [(SlidingWindow.Extremes.maximum, 11), (.minimum, 12), ([], 13)]
            as [(SlidingWindow.Extremes, UInt64)])
    func onlyReadExtremes(extremes: SlidingWindow.Extremes, seed: UInt64) {
        var state = seed
        var full = SlidingWindow(duration: 30)
        var lean = SlidingWindow(duration: 30, extremes: extremes)
        for step in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(state >> 40) / 1_000
            full.add(value, at: Double(step))
            lean.add(value, at: Double(step))
            #expect(lean.sum == full.sum && lean.count == full.count && lean.last == full.last)
            if extremes.contains(.maximum) { #expect(lean.maximum == full.maximum && lean.drop == full.drop) }
            if extremes.contains(.minimum) { #expect(lean.minimum == full.minimum && lean.rise == full.rise) }
        }
        #expect(lean.allSamples == full.allSamples)
        #expect(extremes.contains(.maximum) || lean.maximum.isNaN)
        #expect(extremes.contains(.minimum) || lean.minimum.isNaN)
    }
}
