/// Where a platform's hub connection stands, as the status page and `/readyz` see it.
public enum PlatformConnectionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first connection is being made.
    case connecting
    case connected
    /// Lost after having been connected; the client is trying again.
    case reconnecting
    /// Given up (bad credentials) or shut down.
    case stopped
}
