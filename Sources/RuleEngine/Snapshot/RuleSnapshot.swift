/// One rule's saved state: its alert keys (in the order first seen) and its flood limiter.
public struct RuleSnapshot: Codable, Sendable {
    public var name: String
    /// `CompiledRule.fingerprint`: state carries over in full only to a rule with the same one.
    public var fingerprint: String
    public var keys: [KeyStateSnapshot]
    public var limiter: FloodLimiterSnapshot?
}
