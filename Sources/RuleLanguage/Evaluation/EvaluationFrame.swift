/// Everything a compiled rule reads while it is evaluated: the event, related state, the time, and the per-key
/// memory (windows and previous values) of the alert key being evaluated. One frame is reused for every evaluation
/// by the engine that owns it, so evaluation allocates nothing.
public final class EvaluationFrame {
    /// The event, for hosts whose field readers read it here (tests, tools). The engine lends its events instead
    /// (`withEvent`), and its readers read `eventNumbers` and `eventStrings`.
    public var event: Record
    /// The numbers and strings of the event lent by `withEvent`, valid only inside it. Lending costs no reference
    /// counting; setting `event` for every event cost four atomic operations, a visible share of a short evaluation.
    public private(set) var eventNumbers: UnsafePointer<Double>
    public private(set) var eventStrings: UnsafePointer<String>
    /// Related records by namespace slot; nil when nothing is known yet (fields then read as NaN or "").
    public var related: [Record?]
    /// Seconds since the Unix epoch.
    public var now: Double
    public var memory: KeyMemory
    /// The rule being evaluated, for `{rule}` and `{severity}` in templates.
    public var ruleName: String = ""
    public var severityName: String = ""

    public init(event: Record, namespaceCount: Int) {
        self.event = event
        self.eventNumbers = Self.nothingLent.numbers
        self.eventStrings = Self.nothingLent.strings
        self.related = Array(repeating: nil, count: namespaceCount)
        self.now = 0
        self.memory = KeyMemory(layout: MemoryLayout.empty)
    }

    /// Runs `body` with `record` lent as the event `eventNumbers` and `eventStrings` read; the event lent before (if
    /// any) is lent again afterwards, so lending nests.
    ///
    /// Not generic: the engine calls it once per event from another module, where a generic call went through
    /// unspecialized code that cost more than the reference counting it saves.
    public func withEvent(_ record: Record, _ body: () -> Void) {
        record.numbers.withUnsafeBufferPointer { numbers in
            record.strings.withUnsafeBufferPointer { strings in
                let lent = (eventNumbers, eventStrings)
                eventNumbers = numbers.baseAddress ?? Self.nothingLent.numbers
                eventStrings = strings.baseAddress ?? Self.nothingLent.strings
                body()
                (eventNumbers, eventStrings) = lent
            }
        }
    }

    /// What the event pointers hold outside `withEvent`: one NaN and one empty string, never written.
    private nonisolated(unsafe) static let nothingLent:
        (numbers: UnsafePointer<Double>, strings: UnsafePointer<String>) = {
            let numbers = UnsafeMutablePointer<Double>.allocate(capacity: 1)
            numbers.initialize(to: .nan)
            let strings = UnsafeMutablePointer<String>.allocate(capacity: 1)
            strings.initialize(to: "")
            return (UnsafePointer(numbers), UnsafePointer(strings))
        }()
}
