/// Math the model needs beyond `+ − × ÷ sqrt`, written with those alone so results are bit-identical on every
/// platform (libm's `log` differs between Linux and macOS in the last bit, which would fork a seeded run).
enum PortableMath {
    /// Natural logarithm of a positive finite number.
    static func ln(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
        var exponent = Double(x.exponent)
        var mantissa = x.significand  // in [1, 2)
        if mantissa > 1.4142135623730951 {
            mantissa /= 2
            exponent += 1
        }
        // ln(m) = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172: the odd series converges to double precision in
        // ten terms.
        let t = (mantissa - 1) / (mantissa + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var denominator = 1.0
        for _ in 0..<12 {
            sum += term / denominator
            term *= t2
            denominator += 2
        }
        return 2 * sum + exponent * 0.6931471805599453
    }

    /// `10^exponent` for small whole exponents, exactly as a literal would be (so prices round to short decimals).
    static func powerOfTen(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, exponent) { value *= 10 }
        return value
    }

    /// Rounds to `digits` decimals the way a quote is stored: the nearest double to the decimal, which prints short.
    static func round(_ value: Double, digits: Int) -> Double {
        let scale = powerOfTen(digits)
        return (value * scale).rounded() / scale
    }
}
