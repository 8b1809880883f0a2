import Testing

@testable import RuleLanguage

@Suite("Glob patterns")
struct GlobSetTests {
    @Test(
        "* is any run of characters, ? exactly one, everything else literal and case-insensitive",
        arguments: [
            ("real-*", "real-ecn", true),
            ("real-*", "REAL-ECN", true),
            ("REAL-*", "real-ecn", true),
            ("real-*", "real-", true),
            ("real-*", "real", false),
            ("real-*", "demo-real-ecn", false),
            ("*", "", true),
            ("*", "anything at all", true),
            ("", "", true),
            ("", "a", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "abbc", false),
            ("??", "ab", true),
            ("*ecn*", "real-ECN-usd", true),
            ("*ecn", "ecn-real", false),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "abc", true),
            ("a*b*c", "aXbY", false),
            ("a*b*c", "aXcYb", false),
            ("*.*", "a.b", true),
            ("*.*", "ab", false),
            ("**a**", "xax", true),
            ("[a]", "[A]", true),
            ("[a]", "a", false),
            ("demo\\1", "demo\\1", true),
            ("*-usd", "eur-usd-usd", true),
            ("XAU*", "xauusd", true),
            ("XAU*", "XAGUSD", false),
            ("vip", "vip-1", false),
            ("ab?*", "abx", true),
            ("ab?*", "ab", false),
            ("ab*x", "ab", false),
            ("ab*x", "abyx", true),
        ])
    func pattern(pattern: String, text: String, matches: Bool) {
        #expect(GlobSet([pattern]).matches(text) == matches)
    }

    @Test("a set matches when any of its patterns does; an empty set matches nothing")
    func sets() {
        let set = GlobSet(["real-*", "ecn-?", "vip"])
        #expect(set.matches("ECN-1"))
        #expect(set.matches("VIP"))
        #expect(set.matches("real-x"))
        #expect(!set.matches("ecn-12"))
        #expect(!set.matches("demo"))
        #expect(!GlobSet([]).matches(""))
        #expect(!GlobSet([]).matches("x"))
    }

    @Test("pathological patterns finish quickly", .timeLimit(.minutes(1)))
    func noBacktrackingBlowUp() {
        let text = String(repeating: "a", count: 5000)
        #expect(!GlobSet(["*a*a*a*a*a*a*a*a*a*a*b"]).matches(text))
        #expect(GlobSet(["*a*a*a*a*a*a*a*a*a*a*"]).matches(text))
        #expect(!GlobSet([String(repeating: "?", count: 5001)]).matches(text))
        #expect(GlobSet([String(repeating: "?", count: 5000)]).matches(text))
    }

    @Test(
        "? is one character and case is ignored beyond ASCII too",
        arguments: [
            ("caf?", "café", true),
            ("jos?", "josé", true),
            ("JOSÉ*", "josé garcía", true),
            ("josé*", "JOSÉ GARCÍA", true),
        ])
    func nonASCII(pattern: String, text: String, matches: Bool) {
        #expect(GlobSet([pattern]).matches(text) == matches)
    }
}
