import RuleEngine
import Testing

@Suite("Trading streams")
struct TradingStreamTests {
    @Test("each stream's ordinal is its position in allCases, as the engine's per-stream tables assume")
    func ordinals() {
        for (position, stream) in TradingStream.allCases.enumerated() {
            #expect(stream.ordinal == position, "\(stream)")
        }
    }
}
