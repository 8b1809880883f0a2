/// What `AlertStore.prune` removed.
public struct PruneResult: Sendable, Hashable, Codable {
    /// Delivered and dropped outbox entries.
    public var outboxEntries = 0
    public var transitions = 0
    public var notifications = 0
    public var deliveryRecords = 0
    /// Inactive and resolved alerts not seen since the cut-off.
    public var alerts = 0

    public init() {}

    public var total: Int { outboxEntries + transitions + notifications + deliveryRecords + alerts }
}
