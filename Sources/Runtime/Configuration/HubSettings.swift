import CPluginClient

/// How the engine listens to CPlugin's realtime hub: the v2 hub (one connection per platform, every stream) or the
/// legacy v1 hub (MT4 ticks only), and which SignalR transports to try, in order.
public struct HubSettings: Sendable, Hashable {
    public var version: PlatformHub.HubVersion
    /// Tried in this order; a transport the server does not offer is skipped. Defaults to all, WebSockets first.
    public var transports: [HubTransportKind]

    public init(version: PlatformHub.HubVersion = .v2, transports: [HubTransportKind] = HubTransportKind.allCases) {
        self.version = version
        self.transports = transports
    }

    /// Client options with these transports and the client's defaults for everything else.
    public var clientOptions: HubClientOptions { HubClientOptions(transports: transports) }
}
