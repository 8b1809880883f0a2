import AlertModel

/// An alert as the store last saw it: what `mtrules alerts` lists.
public struct StoredAlert: Sendable, Hashable, Codable {
    public var key: AlertKey
    public var state: AlertState
    public var severity: Severity
    /// When it entered `state` (its latest transition).
    public var since: Timestamp
    /// When its current pending/firing episode began; nil while inactive or resolved.
    public var activeSince: Timestamp?
    /// What decided it: the evidence of the latest transition that carried some in this episode.
    public var evidence: Evidence?
    public var ruleSetHash: String?
    /// The latest notification queued for it (shadow ones excluded).
    public var lastNotifiedAt: Timestamp?

    public init(
        key: AlertKey, state: AlertState, severity: Severity, since: Timestamp, activeSince: Timestamp?,
        evidence: Evidence?, ruleSetHash: String?, lastNotifiedAt: Timestamp?
    ) {
        self.key = key
        self.state = state
        self.severity = severity
        self.since = since
        self.activeSince = activeSince
        self.evidence = evidence
        self.ruleSetHash = ruleSetHash
        self.lastNotifiedAt = lastNotifiedAt
    }
}
