/// Why a hub connection could not be made or did not last. Messages say what happened, where, and what to do;
/// they never carry tokens or secrets.
public enum HubClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Negotiate answered with an HTTP status other than 200.
    case negotiateRejected(url: String, status: Int, body: String)
    /// Negotiate answered `{"error": …}`.
    case negotiateError(url: String, message: String)
    /// Negotiate redirected more times than the protocol allows (100).
    case tooManyRedirects(url: String)
    /// The server rejected the access token even after a fresh one was fetched.
    case unauthorized(url: String)
    /// No transport could be started; the reason of each attempt.
    case noTransport(url: String, attempts: [String])
    /// The server refused the handshake.
    case handshakeRejected(String)
    /// Negotiate, transport start or handshake took longer than `handshakeTimeout`.
    case handshakeTimedOut(Duration)
    /// Nothing was heard from the server for `serverTimeout`: the link is dead though the socket may look open.
    case serverTimedOut(Duration)
    /// The server sent Close; its error, if any.
    case closedByServer(error: String?, allowReconnect: Bool)
    /// The server broke the protocol in a way that leaves the connection unusable (a message over the size limit,
    /// a missing handshake answer).
    case protocolViolation(String)
    /// The transport failed after it had started.
    case transportFailed(transport: HubTransportKind, reason: String)
    /// A hub method answered with an error.
    case invocationFailed(target: String, message: String)
    /// A call was made while no connection is up; it is not queued, because hub calls are not idempotent in general.
    case notConnected(target: String)
    /// The client was stopped.
    case stopped
    /// The hub (version) does not offer what was asked.
    case unsupported(String)

    public var description: String {
        switch self {
        case .negotiateRejected(let url, let status, let body):
            "negotiate at \(url) answered HTTP \(status)\(body.isEmpty ? "" : ": \(body)")"
                + (status == 404 ? " (check the hub version and the platform id)" : "")
        case .negotiateError(let url, let message): "negotiate at \(url) refused the connection: \(message)"
        case .tooManyRedirects(let url): "negotiate at \(url) redirected more than 100 times"
        case .unauthorized(let url):
            "\(url) rejected the access token, also a freshly issued one: check that the client may use this platform"
        case .noTransport(let url, let attempts):
            "no transport could connect to \(url): " + attempts.joined(separator: "; ")
        case .handshakeRejected(let message): "the hub refused the handshake: \(message)"
        case .handshakeTimedOut(let limit):
            "the hub did not complete the connection within \(HubConnectionEvent.seconds(limit))"
        case .serverTimedOut(let limit):
            "nothing heard from the hub for \(HubConnectionEvent.seconds(limit)) (it pings every 15 s): link presumed dead"
        case .closedByServer(let error, _): "the hub closed the connection" + (error.map { ": \($0)" } ?? "")
        case .protocolViolation(let message): "the hub broke the SignalR protocol: \(message)"
        case .transportFailed(let transport, let reason): "the \(transport) transport failed: \(reason)"
        case .invocationFailed(let target, let message): "\(target) failed on the hub: \(message)"
        case .notConnected(let target): "\(target) was not sent: the hub is not connected"
        case .stopped: "the hub client was stopped"
        case .unsupported(let message): message
        }
    }
}

/// An error that may be one retrying cannot fix (rejected credentials): a reconnecting client stops on it instead
/// of retrying for months.
public protocol PermanentFailure: Error {
    var isPermanent: Bool { get }
}

extension TokenError: PermanentFailure {
    /// Rejected credentials stay rejected; a token server that is down, slow or confused for a while comes back.
    public var isPermanent: Bool {
        if case .rejected = self { return true }
        return false
    }
}
