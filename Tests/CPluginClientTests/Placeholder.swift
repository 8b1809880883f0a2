import Testing
@Test("payload placeholder") func placeholder() { #expect(Bool(true)) }
