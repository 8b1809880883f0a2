/// Whether the service is ready to be relied on, and if not, why: what `/readyz` answers.
public struct Readiness: Sendable, Hashable, Codable {
    public var isReady: Bool { reasons.isEmpty }
    /// What is still missing, one sentence each; empty when ready.
    public var reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }
}
