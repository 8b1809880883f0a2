/// A number literal as one scan found it: where it is, and its first 19 significant digits as an integer with a
/// decimal exponent. That is enough to produce most values exactly without reading the digits again.
struct JSONNumberLiteral {
    var start: Int
    var end: Int
    var negative: Bool
    /// The first (up to) 19 significant digits.
    var mantissa: UInt64
    /// The value is `mantissa × 10^exponent` (exactly so when `isExact`).
    var exponent: Int
    /// No fraction and no exponent part: a plain integer literal.
    var isInteger: Bool
    /// No non-zero digit was dropped from `mantissa`.
    var isExact: Bool
    /// Some digit before the exponent part is not zero (so a result of 0 means underflow).
    var hasNonzeroDigit: Bool
}
