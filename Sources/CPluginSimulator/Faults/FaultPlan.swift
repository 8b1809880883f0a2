/// Faults the simulator injects on demand, for reliability tests: from the command line as
/// `--faults drop-every=5s,rest-5xx=10%,delay=50ms,token-ttl=20s` and from tests through the library.
public struct FaultPlan: Sendable, Hashable {
    /// Close every hub connection this often (seconds).
    public var dropEvery: Double?
    /// Close a hub connection after it has been sent this many messages.
    public var dropAfterMessages: Int?
    /// Delay every hub message by this long (seconds).
    public var messageDelay: Double?
    /// Share of REST calls (0...1) answered with HTTP 503.
    public var rest5xxRate: Double?
    /// Share of REST calls (0...1) that hang until the client gives up (the simulator waits `restTimeoutSeconds`).
    public var restTimeoutRate: Double?
    public var restTimeoutSeconds: Double
    /// Lifetime of issued tokens (seconds), overriding the configured one, to expire them early.
    public var tokenLifetime: Double?
    /// Refuse this many negotiate requests (HTTP 503) before accepting again; -1 refuses all.
    public var refuseNegotiate: Int?
    /// Refuse WebSocket upgrades (so clients must fall back to Server-Sent Events or long polling).
    public var refuseWebSockets: Bool
    /// Stop sending on a transport after this many seconds without closing it (a stalled link; pings stop too).
    public var stallAfter: Double?

    public init(
        dropEvery: Double? = nil, dropAfterMessages: Int? = nil, messageDelay: Double? = nil,
        rest5xxRate: Double? = nil, restTimeoutRate: Double? = nil, restTimeoutSeconds: Double = 120,
        tokenLifetime: Double? = nil, refuseNegotiate: Int? = nil, refuseWebSockets: Bool = false,
        stallAfter: Double? = nil
    ) {
        self.dropEvery = dropEvery
        self.dropAfterMessages = dropAfterMessages
        self.messageDelay = messageDelay
        self.rest5xxRate = rest5xxRate
        self.restTimeoutRate = restTimeoutRate
        self.restTimeoutSeconds = restTimeoutSeconds
        self.tokenLifetime = tokenLifetime
        self.refuseNegotiate = refuseNegotiate
        self.refuseWebSockets = refuseWebSockets
        self.stallAfter = stallAfter
    }

    public static let none = FaultPlan()
}
