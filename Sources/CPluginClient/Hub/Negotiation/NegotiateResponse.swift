/// The answer to `POST {hub}/negotiate`: a connection to start, a redirect to follow, or an error.
struct NegotiateResponse: Sendable, Decodable {
    struct AvailableTransport: Sendable, Decodable {
        var transport: String
        var transferFormats: [String]?
    }

    var connectionId: String?
    var connectionToken: String?
    var negotiateVersion: Int?
    var availableTransports: [AvailableTransport]?
    /// A redirect (Azure SignalR Service style): connect to `url` with `accessToken` instead.
    var url: String?
    var accessToken: String?
    var error: String?

    /// The value transports send as `id`: the token in version 1, the connection id in version 0.
    var transportID: String? {
        (negotiateVersion ?? 0) >= 1 ? (connectionToken ?? connectionId) : connectionId
    }

    /// Transports offered for the text format, which the JSON hub protocol needs.
    var textTransports: [HubTransportKind] {
        (availableTransports ?? []).compactMap { offered in
            guard offered.transferFormats.map({ $0.contains("Text") }) ?? true else { return nil }
            return HubTransportKind(rawValue: offered.transport)
        }
    }
}
