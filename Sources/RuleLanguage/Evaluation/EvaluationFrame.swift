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
    /// The memory of the alert key being evaluated. Not retained: setting it for every evaluation cost two atomic
    /// operations, and every read of a window one more. Whoever sets it keeps it alive while it is set (the engine's
    /// key states are owned by its tables); a host that does not own it elsewhere gives it to `keep(_:)`.
    public unowned(unsafe) var memory: KeyMemory
    /// The memory `keep(_:)` was last given (at first an empty one), owned by the frame.
    private var keptMemory: KeyMemory
    /// The rule being evaluated, for `{rule}` and `{severity}` in templates.
    public var ruleName: String = ""
    public var severityName: String = ""

    public init(event: Record, namespaceCount: Int) {
        self.event = event
        self.eventNumbers = Self.nothingLent.numbers
        self.eventStrings = Self.nothingLent.strings
        self.related = Array(repeating: nil, count: namespaceCount)
        self.now = 0
        let empty = KeyMemory(layout: MemoryLayout.empty)
        self.keptMemory = empty
        self.memory = empty
    }

    /// Sets `memory` to one the frame keeps alive until the next `keep(_:)`.
    public func keep(_ memory: KeyMemory) {
        keptMemory = memory
        self.memory = memory
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
