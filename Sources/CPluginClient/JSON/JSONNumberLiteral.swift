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
    /// No non-zero digit was dropped from `mantissa`. (Leading zeros are not collected, so `mantissa` is 0 exactly
    /// when every digit before the exponent is.)
    var isExact: Bool
}
