/// Glob patterns for `matches`: `*` is any run of characters, `?` one character; case is ignored, as MT4 ignores it
/// in group names. ASCII text (group and symbol names nearly always are) is matched on bytes without allocating;
/// anything else is matched by characters, so `caf?` matches `café` and `josé*` matches `JOSÉ GARCÍA`.
public struct GlobSet: Sendable {
    /// A pattern as lowercase bytes, with what its start says without matching: most patterns are a literal prefix
    /// and a star (`real-*`, `XAU*`), and most texts differ from a pattern in its first bytes.
    private struct ASCIIPattern {
        let bytes: [UInt8]
        /// The bytes before the first `*` or `?`.
        let literalPrefix: Int
        /// The literal prefix followed by one `*` and nothing else.
        let isPrefixAndStar: Bool

        init(_ pattern: String) {
            bytes = Array(pattern.lowercased().utf8)
            literalPrefix = bytes.firstIndex { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } ?? bytes.count
            isPrefixAndStar = literalPrefix == bytes.count - 1 && bytes[literalPrefix] == UInt8(ascii: "*")
        }
    }

    private let asciiPatterns: [ASCIIPattern]
    private let characterPatterns: [[Character]]
    private let allPatternsASCII: Bool

    public init(_ patterns: [String]) {
        self.asciiPatterns = patterns.map(ASCIIPattern.init)
        self.characterPatterns = patterns.map { Array($0.lowercased()) }
        self.allPatternsASCII = patterns.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
    }

    public func matches(_ text: String) -> Bool {
        var text = text
        let asciiResult = text.withUTF8 { bytes -> Bool? in
            guard allPatternsASCII, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return asciiPatterns.contains { Self.matches(bytes, $0) }
        }
        if let asciiResult { return asciiResult }
        let characters = Array(text.lowercased())
        return characterPatterns.contains { pattern in
            characters.withUnsafeBufferPointer {
                Self.match(pattern: pattern[...], text: $0, star: "*", any: "?", equal: ==)
            }
        }
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ pattern: ASCIIPattern) -> Bool {
        let prefix = pattern.literalPrefix
        guard text.count >= prefix else { return false }
        for index in 0..<prefix where !equalIgnoringCase(pattern.bytes[index], text[index]) { return false }
        if pattern.isPrefixAndStar { return true }
        if prefix == pattern.bytes.count { return text.count == prefix }
        return match(
            pattern: pattern.bytes[...], text: text, star: UInt8(ascii: "*"), any: UInt8(ascii: "?"),
            equal: equalIgnoringCase)
    }

    private static func equalIgnoringCase(_ pattern: UInt8, _ text: UInt8) -> Bool {
        pattern == (text >= UInt8(ascii: "A") && text <= UInt8(ascii: "Z") ? text + 32 : text)
    }

    /// Iterative matching with single-star backtracking: linear in practice, never exponential.
    private static func match<Element: Equatable>(
        pattern: ArraySlice<Element>, text: UnsafeBufferPointer<Element>, star: Element, any: Element,
        equal: (Element, Element) -> Bool
    ) -> Bool {
        var p = pattern.startIndex
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < pattern.endIndex, pattern[p] == star {
                starP = p
                starT = t
                p += 1
            } else if p < pattern.endIndex, pattern[p] == any || equal(pattern[p], text[t]) {
                p += 1
                t += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == star { p += 1 }
        return p == pattern.endIndex
    }
}
