/// Glob patterns for `matches`: `*` is any run of characters, `?` one character; case is ignored, as MT4 ignores it
/// in group names. ASCII text (group and symbol names nearly always are) is matched on bytes without allocating;
/// anything else is matched by characters, so `caf?` matches `café` and `josé*` matches `JOSÉ GARCÍA`.
public struct GlobSet: Sendable {
    private let asciiPatterns: [[UInt8]]
    private let characterPatterns: [[Character]]
    private let allPatternsASCII: Bool

    public init(_ patterns: [String]) {
        self.asciiPatterns = patterns.map { Array($0.lowercased().utf8) }
        self.characterPatterns = patterns.map { Array($0.lowercased()) }
        self.allPatternsASCII = patterns.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
    }

    public func matches(_ text: String) -> Bool {
        var text = text
        let asciiResult = text.withUTF8 { bytes -> Bool? in
            guard allPatternsASCII, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return asciiPatterns.contains {
                Self.match(
                    pattern: $0[...], text: bytes, star: UInt8(ascii: "*"), any: UInt8(ascii: "?"),
                    equal: Self.equalIgnoringCase)
            }
        }
        if let asciiResult { return asciiResult }
        let characters = Array(text.lowercased())
        return characterPatterns.contains { pattern in
            characters.withUnsafeBufferPointer {
                Self.match(pattern: pattern[...], text: $0, star: "*", any: "?", equal: ==)
            }
        }
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
