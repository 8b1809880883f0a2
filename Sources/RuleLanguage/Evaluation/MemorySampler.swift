/// What a rule takes from each event into a key's memory: the values its windows sample and the values `prev(…)`
/// reads on the key's next event. A class, so the engine calls it through one reference: calling these through the
/// `CompiledRule` struct copied the whole rule (and retained every closure in it) on every evaluation.
public final class MemorySampler: Sendable {
    /// Per window, the value it samples (nil for `count`, which samples 1).
    public let windows: [NumberEvaluator?]
    public let previousNumbers: [NumberEvaluator]
    public let previousStrings: [StringEvaluator]

    init(windows: [NumberEvaluator?], previousNumbers: [NumberEvaluator], previousStrings: [StringEvaluator]) {
        self.windows = windows
        self.previousNumbers = previousNumbers
        self.previousStrings = previousStrings
    }

    /// Records the current event in the key's memory: window samples, the time for `silence`, and the previous
    /// event's values for `prev(…)`.
    public func record(in frame: EvaluationFrame) {
        let memory = frame.memory
        if !previousNumbers.isEmpty { memory.previousNumbers = memory.latestNumbers }
        if !previousStrings.isEmpty { memory.previousStrings = memory.latestStrings }
        for index in windows.indices {
            let value = windows[index].map { $0(frame) } ?? 1
            memory.windows[index].add(value, at: frame.now)
        }
        memory.lastEventTime = frame.now
    }

    /// After evaluation, remembers this event's values; `prev(…)` returns them on the key's next event.
    public func commit(in frame: EvaluationFrame) {
        let memory = frame.memory
        for index in previousNumbers.indices {
            memory.latestNumbers[index] = previousNumbers[index](frame)
        }
        for index in previousStrings.indices {
            memory.latestStrings[index] = previousStrings[index](frame)
        }
    }
}
