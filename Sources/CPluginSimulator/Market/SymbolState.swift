/// One simulated symbol's moving parts: the feed's mid price (which keeps walking while quotes are stopped), the
/// last quote published to clients (what positions are valued at, as on a real server), and what is bending the
/// price or spread right now.
struct SymbolState: Sendable {
    let spec: SymbolSpec
    /// Copies of the spec's figures valuation reads for every position, so it need not copy the spec's strings.
    let contractSize: Double
    let marginFactor: Double
    var rng: SplitMix64
    /// The feed's mid price.
    var mid: Double
    /// The step of the feed's last update, so a walk step spans the real time since then.
    var lastFeedStep: Int = 0
    /// The published quote.
    var bid: Double = 0
    var ask: Double = 0
    var spreadPoints: Int
    /// Unix seconds of the published quote.
    var quoteTime: Double
    var high: Double = 0
    var low: Double = 0
    var direction: SymbolSession.Direction = .none
    var quotesStopped = false
    /// Publish at the next step whatever the tick lottery says (the spread just changed).
    var forceTick = false
    /// A scripted straight-line move: what is added to the mid each step, for how many more steps.
    var movePerStep = 0.0
    var moveStepsLeft = 0
    /// Spread multipliers in force until the given steps: scripted (`widen spread`) and natural.
    var scriptedWiden = 1.0
    var scriptedWidenUntil = 0
    var naturalWiden = 1.0
    var naturalWidenUntil = 0
    /// The published mid sampled once per simulated second for the last 16 s (scalpers look at recent momentum).
    var history: [Double]

    init(spec: SymbolSpec, rng: SplitMix64, mid: Double, time: Double) {
        self.spec = spec
        self.contractSize = spec.contractSize
        self.marginFactor = spec.marginFactor
        self.rng = rng
        self.mid = mid
        self.spreadPoints = spec.spreadPoints
        self.quoteTime = time
        self.history = Array(repeating: mid, count: 16)
    }

    var widenFactor: Double { max(scriptedWiden, naturalWiden) }

    /// Advances the feed by one step; returns whether a new quote should be published.
    mutating func step(_ current: Int, stepLength: Double, volatility: Double) -> Bool {
        var moved = false
        if moveStepsLeft > 0 {
            mid += movePerStep
            moveStepsLeft -= 1
            moved = true
        }
        if scriptedWiden != 1, current >= scriptedWidenUntil {
            scriptedWiden = 1
            forceTick = true
        }
        if naturalWiden != 1, current >= naturalWidenUntil {
            naturalWiden = 1
            forceTick = true
        }
        // Now and then liquidity thins for a few seconds and the spread doubles or so: about once per 15 minutes.
        if naturalWiden == 1, rng.chance(stepLength / 900) {
            naturalWiden = rng.uniform(1.5, 3)
            naturalWidenUntil = current + max(1, Int((rng.uniform(1, 8) / stepLength).rounded()))
            forceTick = true
        }
        let rate = spec.ticksPerSecond * (widenFactor > 1 ? 0.5 : 1)
        let lottery = rng.chance(rate * stepLength)
        guard lottery || moved || forceTick else { return false }
        forceTick = false
        let elapsed = Double(current - lastFeedStep) * stepLength
        lastFeedStep = current
        let sigma = spec.volatilityPerRootSecond * volatility * elapsed.squareRoot()
        mid *= 1 + sigma * rng.normal()
        if mid <= spec.point { mid = spec.point * 2 }
        // The spread jitters by a few points around its base (times the widening factor, if any).
        let base = spec.spreadPoints
        let jitter = rng.below(base / 3 + 2) - base / 6
        spreadPoints = max(1, Int((Double(base) * widenFactor).rounded()) + jitter)
        return !quotesStopped
    }

    /// The quote for the current feed mid and spread, rounded to the symbol's digits.
    func quote() -> (bid: Double, ask: Double) {
        let scale = PortableMath.powerOfTen(spec.digits)
        let bidPoints = (mid * scale - Double(spreadPoints) / 2).rounded()
        return (bidPoints / scale, (bidPoints + Double(spreadPoints)) / scale)
    }

    /// The published mid `seconds` ago (at most 15), from the per-second samples.
    func publishedMid(secondsAgo seconds: Int, second: Int) -> Double {
        let slot = ((second - seconds) % history.count + history.count) % history.count
        return history[slot]
    }
}
