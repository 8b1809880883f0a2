import Foundation
import Hummingbird

/// The state the hub routes share (environment, options, live connections) and the checks every hub request goes
/// through: the bearer token, the platform binding, the connection id. Transport handling is in the extensions.
final class HubServer: Sendable {
    let environment: any HubEnvironment
    let options: HubOptions
    let registry = HubConnectionRegistry()

    init(environment: any HubEnvironment, options: HubOptions) {
        self.environment = environment
        self.options = options
    }

    // MARK: Checks

    /// The bearer token: the `Authorization` header, else the `access_token` query parameter (browsers cannot set
    /// headers on WebSockets and Server-Sent Events), else `signalr_token` (CPlugin's PowerShell SDK).
    static func bearerToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        let query = request.uri.queryParameters
        for name in ["access_token", "signalr_token"] {
            if let token = query[Substring(name)], !token.isEmpty { return String(token) }
        }
        return nil
    }

    /// Nil when the request carries a valid, unexpired token; else the `401` ASP.NET's JWT bearer handler answers.
    func unauthorized(_ request: Request) async -> Response? {
        guard let token = Self.bearerToken(request) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentLength: "0"])
        }
        guard await environment.isAuthorized(token: token) else {
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\"", .contentLength: "0"])
        }
        return nil
    }

    /// The platform a v2 connection binds (`?tradePlatform={guid}`); nil for the v1 hub, which names it per call.
    ///
    /// CPlugin rejects a connection to no or an unknown platform before any hub code runs; the simulator does it at
    /// negotiate (and at a negotiate-less WebSocket connect) the way an ASP.NET endpoint filter would: `400` when
    /// the parameter is missing or not a GUID, `404` when no platform of the hub's type has that id.
    func platform(for request: Request, hub: HubKind) -> Result<SimulatedPlatform?, HubRejection> {
        guard hub.bindsPlatformByQuery else { return .success(nil) }
        guard let raw = request.uri.queryParameters["tradePlatform"],
            let id = UUID(uuidString: String(raw).trimmingCharacters(in: CharacterSet(charactersIn: "{}")))
        else {
            return .failure(
                HubRejection(
                    status: .badRequest,
                    message: "The tradePlatform query parameter must name the trade platform by its id (a GUID)."))
        }
        guard let platform = environment.platform(id: id), platform.type == hub.platformType else {
            return .failure(
                HubRejection(
                    status: .notFound,
                    message: "Trade platform '\(raw)' is not a known \(hub.platformType.rawValue) trade platform."))
        }
        return .success(platform)
    }

    /// The connection a transport request (`?id=`) addresses, with ASP.NET's answers when there is none.
    func connection(for request: Request, hub: HubKind) async -> Result<HubConnection, HubRejection> {
        if let denied = await unauthorized(request) { return .failure(HubRejection(response: denied)) }
        guard let id = request.uri.queryParameters["id"], !id.isEmpty else {
            return .failure(HubRejection(status: .badRequest, message: "Connection ID required"))
        }
        guard let connection = registry.connection(forKey: String(id)), connection.hub == hub else {
            return .failure(HubRejection(status: .notFound, message: "No Connection with that ID"))
        }
        return .success(connection)
    }

    /// A new connection. Negotiate version 0 uses the connection id as the transports' `id`; version 1 adds a
    /// separate, secret connection token.
    func makeConnection(hub: HubKind, platform: SimulatedPlatform?, negotiateVersion: Int) -> HubConnection {
        let connectionID = Self.randomID()
        let connection = HubConnection(
            connectionID: connectionID, key: negotiateVersion >= 1 ? Self.randomID() : connectionID, hub: hub,
            platform: platform, environment: environment, options: options)
        registry.insert(connection)
        return connection
    }

    /// 16 random bytes, base64url without padding: the shape of ASP.NET's connection ids and tokens.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    // MARK: Responses

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    static func json(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    static func empty(_ status: HTTPResponse.Status, contentType: String = "text/plain") -> Response {
        Response(status: status, headers: [.contentType: contentType, .contentLength: "0"])
    }
}

/// A request the hubs turn away, with the status and text ASP.NET Core would answer.
struct HubRejection: Error, Sendable {
    var response: Response

    init(response: Response) {
        self.response = response
    }

    init(status: HTTPResponse.Status, message: String) {
        self.response = HubServer.text(status, message)
    }
}
