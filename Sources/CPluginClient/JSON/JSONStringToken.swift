/// Where a string literal's contents lie in the input (quotes excluded), found by one scan that checked its escapes'
/// syntax but not yet its Unicode. Most strings need no unescaping and are plain ASCII, and knowing so up front lets
/// callers compare or convert them without another pass.
struct JSONStringToken {
    /// First byte after the opening quote.
    var start: Int
    /// The closing quote's position.
    var end: Int
    var hasEscapes: Bool
    /// No byte ≥ 0x80 (escapes may still produce non-ASCII).
    var isASCII: Bool
}
