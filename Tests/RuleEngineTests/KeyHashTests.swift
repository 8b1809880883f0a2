import Testing

@testable import RuleEngine

/// The engine's own key hash must agree with equality, or a dictionary would miss a key it holds.
@Suite("Key hash")
struct KeyHashTests {
    private func hash(_ text: String, seed: Int = 42) -> Int {
        var hash = KeyHash(seed: seed)
        hash.combine(text)
        return hash.finalize()
    }

    @Test(
        "equal text hashes equally, however it is spelt or stored",
        arguments: [
            ("caf\u{E9}", "cafe\u{301}"),  // one code point against e + combining accent: equal in Swift
            ("abcdefg\u{E9}", "abcdefge\u{301}"),  // the decomposed spelling crosses an 8-byte word
            ("EURUSD", String("xEURUSD".dropFirst())),  // a substring-made copy
            ("a-very-long-symbol-name-of-a-cfd.pro", "a-very-long-symbol-name-of-a-cfd.pro" + ""),
            ("", String()),
        ])
    func equalTextHashesEqually(first: String, second: String) {
        #expect(first == second)
        #expect(hash(first) == hash(second))
        #expect(hash(first, seed: 7) == hash(second, seed: 7))
    }

    @Test("text that differs hashes apart, including by length and by where words split")
    func differentTextDiffers() {
        let texts = ["", "a", "aa", "ab", "ba", "EURUSD", "EURUSD.", "EURUSDm", "12345678", "123456789", "\u{0}"]
        #expect(Set(texts.map { hash($0) }).count == texts.count)
        var split = KeyHash(seed: 1)
        split.combine("a")
        split.combine("")
        var other = KeyHash(seed: 1)
        other.combine("")
        other.combine("a")
        #expect(split.finalize() != other.finalize())
    }

    @Test("alert keys that are equal hash equally: -0 is 0, and trailing missing parts are none at all")
    func entityKeys() {
        var zero = EntityKey(platform: "MT4")
        zero[0] = .number(0)
        var negativeZero = EntityKey(platform: "MT4")
        negativeZero[0] = .number(-0.0)
        #expect(zero == negativeZero)
        #expect(zero._rawHashValue(seed: 3) == negativeZero._rawHashValue(seed: 3))

        var twoParts = EntityKey(platform: "MT4")
        twoParts[0] = .string("EURUSD")
        twoParts[1] = .none
        var onePart = EntityKey(platform: "MT4")
        onePart[0] = .string("EURUSD")
        #expect(twoParts == onePart)
        #expect(twoParts._rawHashValue(seed: 3) == onePart._rawHashValue(seed: 3))
    }

    @Test(
        "a key built with all its parts at once equals the key built part by part (as a restored one is)",
        arguments: [
            [EntityKey.Part.number(5)],
            [.string("EURUSD")],
            [.none],
            [.number(5), .none],
            [.number(5), .none, .string("g")],
            [.string("a"), .number(-0.0), .none],
            [.none, .none, .number(1)],
        ])
    func keyBuiltAtOnce(parts: [EntityKey.Part]) {
        var byParts = EntityKey(platform: "MT5")
        for (index, part) in parts.enumerated() { byParts[index] = part }
        let atOnce = EntityKey(platform: "MT5", first: parts[0], rest: Array(parts.dropFirst()))
        #expect(atOnce == byParts)
        #expect(atOnce.tableHash == byParts.tableHash)
        #expect(atOnce._rawHashValue(seed: 9) == byParts._rawHashValue(seed: 9))
    }

    @Test("consecutive logins spread over a dictionary's low bits")
    func loginsSpread() {
        // 4,096 consecutive logins into 8,192 buckets: a weak mix would pile them into a few.
        var buckets = Set<Int>()
        for login in 100_000..<104_096 {
            var key = EntityKey(platform: "MT4")
            key[0] = .number(Double(login))
            buckets.insert(key._rawHashValue(seed: 0) & 8191)
        }
        #expect(buckets.count > 3000)
    }
}
