/// The model's random numbers: a seeded SplitMix64 stream, so a run depends on its seed alone and never on the
/// global generator or the clock. Each symbol and each account draws from its own stream (see `derived`), so what
/// one client does cannot shift the prices or the other clients' choices.
///
/// Only `+ − × ÷` and `sqrt` are used on the way from bits to numbers (no libm `log`/`cos`), because those are
/// rounded the same on every platform; the same seed gives the same stream on Linux and macOS.
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one part of the model: `domain` names what it is for, `index` which one.
    static func derived(seed: UInt64, domain: UInt64, index: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (domain &* 0xD1B5_4A32_D192_ED03) ^ (index &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next() ^ mixer.next())
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A whole number in 0..<bound.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// Approximately standard normal: the sum of four uniforms, centred and scaled (Irwin–Hall). Its tails stop at
    /// ±3.46σ, which suits a price walk, and it needs no transcendental functions.
    mutating func normal() -> Double {
        let a = next()
        let b = next()
        let scale = 0x1p-32
        let sum =
            Double(a >> 32) * scale + Double(a & 0xFFFF_FFFF) * scale + Double(b >> 32) * scale
            + Double(b & 0xFFFF_FFFF) * scale
        return (sum - 2) * 1.7320508075688772
    }

    /// Exponentially distributed with this mean (waiting times between a client's decisions).
    mutating func exponential(mean: Double) -> Double {
        -mean * PortableMath.ln(1 - uniform())
    }
}
