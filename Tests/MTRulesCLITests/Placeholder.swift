import Testing
@Test("placeholder until the CLI tests land") func placeholder() { #expect(1 + 1 == 2) }
