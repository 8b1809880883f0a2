/// Timings and limits of the SignalR hubs. The defaults are ASP.NET Core's (`HubOptions`,
/// `HttpConnectionDispatcherOptions`), so clients see the keep-alive and timeout behaviour they see against CPlugin;
/// tests shorten them to run in seconds.
public struct HubOptions: Sendable, Hashable {
    /// The server sends a Ping when it has sent nothing for this long (ASP.NET `KeepAliveInterval`).
    public var keepAliveInterval: Duration
    /// A connection whose client sent nothing for this long is closed (ASP.NET `ClientTimeoutInterval`).
    public var clientTimeout: Duration
    /// A client must complete the handshake within this time (ASP.NET `HandshakeTimeout`).
    public var handshakeTimeout: Duration
    /// How long a long-polling GET waits for messages before answering `200` with no body (ASP.NET
    /// `LongPolling.PollTimeout`).
    public var longPollTimeout: Duration
    /// An HTTP-transport connection with no open GET (no poll, no event stream) for this long is dropped, as is a
    /// negotiated connection no transport ever picked up (ASP.NET `DisconnectTimeout`).
    public var disconnectTimeout: Duration
    /// Largest text frame (WebSockets) or event (Server-Sent Events) the server writes when it batches queued
    /// messages; batches are cut at message boundaries, so common clients with a 1 MiB message limit keep up.
    public var maxBatchBytes: Int
    /// Largest message a client may send (ASP.NET `MaximumReceiveMessageSize`); larger ones close the connection.
    public var maxMessageBytes: Int

    public init(
        keepAliveInterval: Duration = .seconds(15), clientTimeout: Duration = .seconds(30),
        handshakeTimeout: Duration = .seconds(15), longPollTimeout: Duration = .seconds(90),
        disconnectTimeout: Duration = .seconds(15), maxBatchBytes: Int = 64 * 1024, maxMessageBytes: Int = 32 * 1024
    ) {
        self.keepAliveInterval = keepAliveInterval
        self.clientTimeout = clientTimeout
        self.handshakeTimeout = handshakeTimeout
        self.longPollTimeout = longPollTimeout
        self.disconnectTimeout = disconnectTimeout
        self.maxBatchBytes = maxBatchBytes
        self.maxMessageBytes = maxMessageBytes
    }
}
