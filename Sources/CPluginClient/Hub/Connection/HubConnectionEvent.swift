/// A change in a hub client's link, for the caller to act on: the engine resyncs through REST after
/// `reconnected`, since whatever the server pushed while the link was down is lost.
public enum HubConnectionEvent: Sendable, Equatable, CustomStringConvertible {
    /// The first connection is up, handshake done, calls and streams issued.
    case connected(HubConnectionInfo)
    /// The link was lost; attempt `attempt` comes after `delay`.
    case reconnecting(attempt: Int, delay: Duration, reason: String)
    /// A new connection is up and every subscription and stream has been issued again on it.
    case reconnected(HubConnectionInfo)
    /// The client stopped for good: cancelled, or refused in a way retrying cannot fix (bad credentials).
    case stopped(reason: String?)

    public var description: String {
        switch self {
        case .connected(let info): "connected \(info)"
        case .reconnecting(let attempt, let delay, let reason):
            "reconnecting (attempt \(attempt) in \(HubConnectionEvent.seconds(delay))): \(reason)"
        case .reconnected(let info): "reconnected \(info)"
        case .stopped(let reason): reason.map { "stopped: \($0)" } ?? "stopped"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value < 10 ? "\((value * 10).rounded() / 10) s" : "\(Int(value.rounded())) s"
    }
}

/// Which connection the client is on: useful in logs and for telling one connection from the next.
public struct HubConnectionInfo: Sendable, Equatable, CustomStringConvertible {
    public var connectionID: String
    public var transport: HubTransportKind
    /// The base URL that served it (after failover and negotiate redirects).
    public var baseURL: String

    public init(connectionID: String, transport: HubTransportKind, baseURL: String) {
        self.connectionID = connectionID
        self.transport = transport
        self.baseURL = baseURL
    }

    public var description: String { "via \(transport) to \(baseURL) (connection \(connectionID))" }
}
