import AlertModel

/// One line of the transition log: an alert changed state, and the inputs that decided it.
public struct TransitionRecord: Sendable, Hashable, Codable {
    /// Order of writing, across the whole log.
    public var sequence: Int64
    public var from: AlertState
    public var to: AlertState
    public var at: Timestamp
    public var severity: Severity
    public var evidence: Evidence?
    /// The rule set's hash when it was recorded: which version of the rules decided.
    public var ruleSetHash: String?

    public init(
        sequence: Int64, from: AlertState, to: AlertState, at: Timestamp, severity: Severity, evidence: Evidence?,
        ruleSetHash: String?
    ) {
        self.sequence = sequence
        self.from = from
        self.to = to
        self.at = at
        self.severity = severity
        self.evidence = evidence
        self.ruleSetHash = ruleSetHash
    }
}
