/// Everything a compiled rule reads while it is evaluated: the event, related state, the time, and the per-key
/// memory (windows and previous values) of the alert key being evaluated. One frame is reused for every evaluation
/// by the engine that owns it, so evaluation allocates nothing.
public final class EvaluationFrame {
    public var event: Record
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
        self.related = Array(repeating: nil, count: namespaceCount)
        self.now = 0
        self.memory = KeyMemory(layout: MemoryLayout.empty)
    }
}
