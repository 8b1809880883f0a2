/// Glob patterns for `matches`: `*` is any run of characters, `?` one character; case is ignored, as MT4 ignores it
/// in group names. Matching works on bytes, allocation-free.
public struct GlobSet: Sendable {
    private let patterns: [[UInt8]]

    public init(_ patterns: [String]) {
        self.patterns = patterns.map { Array($0.lowercased().utf8) }
    }

    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            patterns.contains { Self.match(pattern: $0, text: bytes) }
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Iterative matching with single-star backtracking: linear in practice, never exponential.
    private static func match(pattern: [UInt8], text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                starP = p
                starT = t
                p += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == lower(text[t]) {
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
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
