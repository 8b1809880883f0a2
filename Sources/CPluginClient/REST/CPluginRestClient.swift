import AsyncHTTPClient
import Foundation
import Logging

/// The CPlugin WebAPI over REST: the account-wide calls (`TradePlatforms`, `Ping`) here, the v2 MT4 calls and the x86
/// sidecar on ``mt4(_:)``.
///
/// Every call carries a bearer token from its ``AccessTokenSource`` (refreshed once and retried once on a 401), has a
/// timeout it also announces (`X-Request-Timeout`), and is tried on the environment's base URLs in failover order,
/// remembering the one that answered. Reads, and writes carrying an `Idempotency-Key`, are retried with exponential
/// backoff and jitter on connection errors, timeouts, 5xx and 429; nothing else is, so a write is never sent twice
/// unless the server can tell. Failures are ``CPluginRestError``s.
public final class CPluginRestClient: Sendable {
    public let environment: CPluginEnvironment
    public let configuration: Configuration
    let tokens: any AccessTokenSource
    let httpClient: HTTPClient
    let logger: Logger
    let apiHosts: BaseURLRotation
    let sidecarHosts: BaseURLRotation

    /// - Parameters:
    ///   - environment: where the API, and the sidecar, are.
    ///   - tokens: usually a ``TokenProvider`` for the same environment, shared with the hub client.
    ///   - httpClient: the shared client by default. For fast failover from a host that refuses connections, pass one
    ///     whose `connectionPool.retryConnectionEstablishment` is off (see ``recommendedHTTPClientConfiguration``):
    ///     otherwise AsyncHTTPClient keeps reconnecting until the call's timeout before the next host is tried.
    ///   - logger: retries and failovers are logged here; silent by default.
    public init(
        environment: CPluginEnvironment, tokens: any AccessTokenSource, configuration: Configuration = Configuration(),
        httpClient: HTTPClient = .shared, logger: Logger = CPluginRestClient.silentLogger
    ) {
        self.environment = environment
        self.tokens = tokens
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.apiHosts = BaseURLRotation(environment.apiBaseURLs, failback: configuration.failbackAfter)
        self.sidecarHosts = BaseURLRotation(environment.sidecarBaseURLs, failback: configuration.failbackAfter)
    }

    /// A logger that drops everything: libraries log only where their user asks them to.
    public static let silentLogger = Logger(label: "mtrules.cplugin.rest", factory: { _ in SwiftLogNoOpLogHandler() })

    /// An `HTTPClient` configuration suited to failover: a refused connection fails at once (instead of being retried
    /// inside the pool until the deadline) and connecting may take at most `connectTimeout`.
    public static func recommendedHTTPClientConfiguration(
        connectTimeout: Duration = .seconds(5)
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = RequestTimeout.timeAmount(connectTimeout)
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// The API base URL calls go to first now (the last one that answered).
    public var activeAPIBaseURL: URL { URL(string: apiHosts.preferred.base)! }

    /// The sidecar base URL calls go to first now.
    public var activeSidecarBaseURL: URL { URL(string: sidecarHosts.preferred.base)! }

    /// The calls of one MT4 platform.
    public func mt4(_ platform: UUID) -> MT4RestClient {
        MT4RestClient(client: self, platform: platform)
    }

    /// `GET /api/TradePlatforms`: the platforms this client may use (a bare array, not an envelope).
    public func tradePlatforms(timeout: Duration? = nil) async throws(CPluginRestError) -> [TradePlatformInfo] {
        let call = RestCall(
            method: .GET, path: "/api/TradePlatforms", timeout: timeout ?? configuration.timeout,
            name: "GET TradePlatforms")
        return try await perform(call) { answer in Self.decodeBare([TradePlatformInfo].self, answer) }
    }

    /// `GET /api/TradePlatforms/{id}/Ping`: whether the WebAPI's link to that platform's trade server is up.
    public func ping(platform: UUID, timeout: Duration? = nil) async throws(CPluginRestError) -> Bool {
        let id = platform.uuidString.lowercased()
        let call = RestCall(
            method: .GET, path: "/api/TradePlatforms/\(id)/Ping", timeout: timeout ?? configuration.timeout,
            name: "GET Ping", platform: platform)
        return try await perform(call) { answer in
            // A bare boolean; tolerate an envelope too.
            if case .value(let flag) = Self.decodeBare(Bool.self, answer) { return .value(flag) }
            return Self.decodeEnvelope(Bool.self, answer).map(\.data)
        }
    }
}
