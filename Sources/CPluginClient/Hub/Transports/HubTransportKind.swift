/// The SignalR transports, in the order a client tries them: WebSockets first, then Server-Sent Events, then long
/// polling, which works through any proxy that passes plain HTTP.
public enum HubTransportKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case webSockets = "WebSockets"
    case serverSentEvents = "ServerSentEvents"
    case longPolling = "LongPolling"

    /// Reads the names an operator types (`websockets`, `sse`, `longpolling`) as well as the protocol's own.
    public init?(argument: String) {
        switch argument.lowercased().replacingOccurrences(of: "-", with: "") {
        case "websockets", "websocket", "ws": self = .webSockets
        case "serversentevents", "sse": self = .serverSentEvents
        case "longpolling", "lp": self = .longPolling
        default: return nil
        }
    }

    public var description: String { rawValue }
}
