/// An alert moving from one state to another, with the evidence when it starts firing.
public struct AlertTransition: Sendable, Hashable, Codable {
    public var key: AlertKey
    public var from: AlertState
    public var to: AlertState
    public var at: Timestamp
    public var severity: Severity
    public var evidence: Evidence?

    public init(
        key: AlertKey, from: AlertState, to: AlertState, at: Timestamp, severity: Severity, evidence: Evidence?
    ) {
        self.key = key
        self.from = from
        self.to = to
        self.at = at
        self.severity = severity
        self.evidence = evidence
    }
}
