import Testing

@testable import RuleLanguage

/// The engine lends each event to the frame rather than storing it there: readers see the lent event inside
/// `withEvent`, an inner lending (a rule's first event building its candidate list) hands the outer one back.
@Suite("Evaluation frame")
struct EvaluationFrameTests {
    @Test("a lent event is what the event pointers read, and lending nests")
    func lendingNests() {
        let frame = EvaluationFrame(event: Record(numbers: [], strings: []), namespaceCount: 1)
        let outer = Record(numbers: [1, 2], strings: ["a", "b"])
        let inner = Record(numbers: [3, 4], strings: ["c", "d"])
        var seen: [String] = []
        frame.withEvent(outer) {
            seen.append("\(frame.eventNumbers[1]) \(frame.eventStrings[0])")
            frame.withEvent(inner) {
                seen.append("\(frame.eventNumbers[1]) \(frame.eventStrings[0])")
            }
            seen.append("\(frame.eventNumbers[1]) \(frame.eventStrings[1])")
        }
        #expect(seen == ["2.0 a", "4.0 c", "2.0 b"])
        // Outside any lending the pointers read an unknown number and an empty string, not a stale event.
        #expect(frame.eventNumbers[0].isNaN)
        #expect(frame.eventStrings[0] == "")
    }

    @Test(
        "a frame keeps the memory given to keep(_:) alive until the next one, and holds a set memory without owning it")
    func keptMemory() {
        let frame = EvaluationFrame(event: Record(numbers: [], strings: []), namespaceCount: 1)
        weak var first: KeyMemory?
        weak var second: KeyMemory?
        do {
            let memory = KeyMemory(layout: .empty)
            memory.lastEventTime = 1
            first = memory
            frame.keep(memory)
        }
        #expect(first != nil)
        #expect(frame.memory.lastEventTime == 1)
        do {
            let memory = KeyMemory(layout: .empty)
            second = memory
            frame.keep(memory)
        }
        #expect(first == nil)
        #expect(second != nil)
        let owned = KeyMemory(layout: .empty)
        owned.lastEventTime = 3
        frame.memory = owned
        #expect(frame.memory.lastEventTime == 3)
        // Setting is not keeping: the kept memory stays until the next keep(_:).
        #expect(second != nil)
        withExtendedLifetime(owned) {}
    }
}
