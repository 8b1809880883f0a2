import AlertModel

/// One platform's hub connection as the status page shows it.
public struct PlatformStatus: Sendable, Hashable, Codable {
    public var name: String
    public var state: PlatformConnectionState
    /// Since when it is in `state`.
    public var since: Timestamp
    /// The latest event taken off its hub.
    public var lastEventAt: Timestamp?
    /// The latest margin resync after a (re)connection, and how many accounts it returned.
    public var lastResyncAt: Timestamp?
    public var resyncedAccounts: Int?
    /// Times the connection was re-established after being lost.
    public var reconnects: Int
    /// Why it stopped, when it did.
    public var stopReason: String?

    public init(
        name: String, state: PlatformConnectionState, since: Timestamp, lastEventAt: Timestamp? = nil,
        lastResyncAt: Timestamp? = nil, resyncedAccounts: Int? = nil, reconnects: Int = 0, stopReason: String? = nil
    ) {
        self.name = name
        self.state = state
        self.since = since
        self.lastEventAt = lastEventAt
        self.lastResyncAt = lastResyncAt
        self.resyncedAccounts = resyncedAccounts
        self.reconnects = reconnects
        self.stopReason = stopReason
    }
}
