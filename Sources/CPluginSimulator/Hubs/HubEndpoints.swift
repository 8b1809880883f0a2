import Hummingbird
import HummingbirdWebSocket

/// The SignalR hubs CPlugin serves, `/hubs/mt4/v2`, `/hubs/mt5/v2` and `/hubs/mt4/v1`, as ASP.NET Core Sockets
/// endpoints: negotiate (versions 0 and 1), WebSockets, Server-Sent Events and long polling, the JSON hub protocol.
/// The server assembly mounts the HTTP routes on its main router and the upgrade routes on its WebSocket router.
///
/// Configure the WebSocket server with `autoPing: .disabled`: ASP.NET sends no WebSocket ping frames (keep-alive
/// is the hub protocol's Ping message), and `signalrcore`'s hand-written WebSocket client reads a ping frame as a
/// data frame and fails.
public struct HubEndpoints: Sendable {
    let server: HubServer

    /// - Parameters:
    ///   - environment: platforms, broadcasters, token validation and faults.
    ///   - options: timings; the defaults are ASP.NET Core's (15 s pings, 30 s client timeout, 90 s polls).
    public init(environment: any HubEnvironment, options: HubOptions = HubOptions()) {
        server = HubServer(environment: environment, options: options)
    }

    /// HTTP routes: negotiate, Server-Sent Events, long polling (GET/POST/DELETE) for every hub path.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        for hub in HubKind.allCases {
            router.post(RouterPath(hub.path + "/negotiate")) { [server] request, _ in
                await server.negotiate(request, hub: hub)
            }
            router.get(RouterPath(hub.path)) { [server] request, _ in await server.get(request, hub: hub) }
            router.post(RouterPath(hub.path)) { [server] request, _ in await server.post(request, hub: hub) }
            router.delete(RouterPath(hub.path)) { [server] request, _ in await server.delete(request, hub: hub) }
        }
    }

    /// WebSocket upgrade routes for every hub path.
    public func addWebSocketRoutes(to router: Router<BasicWebSocketRequestContext>) {
        for hub in HubKind.allCases {
            router.ws(
                RouterPath(hub.path),
                shouldUpgrade: { [server] request, _ in await server.shouldUpgrade(request, hub: hub) },
                onUpgrade: { [server] inbound, outbound, context in
                    await server.serveWebSocket(inbound, outbound, request: context.request, hub: hub)
                })
        }
    }

    /// Live hub connections (negotiated or connected), for diagnostics and tests.
    public var connectionCount: Int { server.registry.count }
}
