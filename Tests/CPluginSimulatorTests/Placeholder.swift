import Testing
@Test("simulator placeholder") func placeholder() { #expect(Bool(true)) }
