/// How a hub client connects, keeps its link alive and comes back after a drop. The defaults are those of
/// ASP.NET Core's own clients, so mtrules behaves towards CPlugin as the SDKs do; tests shorten them.
public struct HubClientOptions: Sendable {
    /// Transports to try, in order; a transport the server does not offer, or that fails to start, is skipped.
    public var transports: [HubTransportKind]
    /// The client pings when it has sent nothing for this long, so the server does not time it out.
    public var keepAliveInterval: Duration
    /// Nothing heard from the server for this long means the link is dead (the server pings every 15 s).
    public var serverTimeout: Duration
    /// Negotiate, transport start and handshake must complete within this time.
    public var handshakeTimeout: Duration
    /// Delays before reconnect attempts 1, 2, 3…; the last one repeats for as long as the client runs.
    public var reconnectDelays: [Duration]
    /// Each delay is stretched by a random share up to this fraction, so a fleet of clients does not reconnect
    /// in lockstep after an outage.
    public var reconnectJitter: Double
    /// Largest hub message accepted; a larger one ends the connection (and the client reconnects).
    public var maxMessageBytes: Int
    /// How long a long-polling request may wait; the server holds a poll for up to 90 s.
    public var longPollTimeout: Duration
    /// How long a REST-style request of a transport (negotiate, send) may take.
    public var requestTimeout: Duration

    public init(
        transports: [HubTransportKind] = HubTransportKind.allCases, keepAliveInterval: Duration = .seconds(15),
        serverTimeout: Duration = .seconds(30), handshakeTimeout: Duration = .seconds(15),
        reconnectDelays: [Duration] = [.zero, .seconds(2), .seconds(10), .seconds(30)],
        reconnectJitter: Double = 0.2, maxMessageBytes: Int = 16 << 20, longPollTimeout: Duration = .seconds(120),
        requestTimeout: Duration = .seconds(30)
    ) {
        self.transports = transports
        self.keepAliveInterval = keepAliveInterval
        self.serverTimeout = serverTimeout
        self.handshakeTimeout = handshakeTimeout
        self.reconnectDelays = reconnectDelays
        self.reconnectJitter = reconnectJitter
        self.maxMessageBytes = maxMessageBytes
        self.longPollTimeout = longPollTimeout
        self.requestTimeout = requestTimeout
    }

    /// The delay before reconnect attempt `attempt` (1-based), jitter included.
    func reconnectDelay(attempt: Int, random: Double) -> Duration {
        guard let base = reconnectDelays.isEmpty ? nil : reconnectDelays[min(attempt, reconnectDelays.count) - 1]
        else { return .seconds(1) }
        return base + base * (reconnectJitter * random)
    }
}
