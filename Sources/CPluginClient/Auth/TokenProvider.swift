import AsyncHTTPClient
import Foundation
import Logging

/// Gets and keeps the OAuth access token (client-credentials grant) that every CPlugin REST and hub call carries.
///
/// - The token is cached and replaced ahead of expiry (60 s before, or a quarter of a short lifetime).
/// - Concurrent callers share one request: a thousand calls at start-up cost one token request.
/// - After a 401, ``refresh(rejecting:)`` replaces the token once however many callers saw the 401.
/// - Wrong credentials fail fast with ``TokenError/rejected(status:error:description:endpoint:)``, are not retried, and
///   are answered from memory for ``Configuration/rejectionCooldown``, so no retry storm reaches the identity server.
/// - Transient failures are retried with backoff; while the cached token is still valid it keeps being used.
/// - The secret never appears in logs or errors. Time comes from an injected `now`, so expiry is testable.
public actor TokenProvider: AccessTokenSource {
    public nonisolated let credentials: ClientCredentials
    public nonisolated let endpoint: TokenEndpoint
    public nonisolated let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let now: @Sendable () -> ContinuousClock.Instant

    private var current: AccessToken?
    private var inFlight: Task<Result<AccessToken, TokenError>, Never>?
    /// A failure callers get again, without a request, until `until`.
    private var lastFailure: (error: TokenError, until: ContinuousClock.Instant)?
    /// While the cached token is still valid after a failed refresh, no new attempt before this.
    private var quietUntil: ContinuousClock.Instant?
    private var consecutiveFailures = 0
    /// The token endpoint found by discovery, once found.
    var discoveredTokenURL: URL?
    /// What the provider asked of the identity server so far.
    public internal(set) var statistics = Statistics()

    /// - Parameters:
    ///   - credentials: the client id and secret CPlugin issued.
    ///   - endpoint: the token endpoint, or an authority to discover it at.
    ///   - httpClient: the HTTP client to use; the shared one by default.
    ///   - logger: where token events go (never the secret or the token); silent by default.
    ///   - now: the monotonic clock expiry is measured on; injectable so tests can move time.
    public init(
        credentials: ClientCredentials, endpoint: TokenEndpoint, configuration: Configuration = Configuration(),
        httpClient: HTTPClient = .shared, logger: Logger = TokenProvider.silentLogger,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.credentials = credentials
        self.endpoint = endpoint
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.now = now
    }

    /// A provider for an environment's token endpoint.
    public init(
        credentials: ClientCredentials, environment: CPluginEnvironment, configuration: Configuration = Configuration(),
        httpClient: HTTPClient = .shared, logger: Logger = TokenProvider.silentLogger,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.init(
            credentials: credentials, endpoint: environment.tokenEndpoint, configuration: configuration,
            httpClient: httpClient, logger: logger, now: now)
    }

    /// A logger that drops everything: libraries log only where their user asks them to.
    public static let silentLogger = Logger(label: "mtrules.cplugin.token", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A token valid now: the cached one unless it is due for refresh, else a new one (shared with concurrent callers).
    public func token() async throws(TokenError) -> AccessToken {
        let time = now()
        if let current {
            if time < current.refreshAt { return current }
            // A refresh failed a moment ago and this one still works: use it rather than ask again at once.
            if time < current.expiresAt, let quietUntil, time < quietUntil { return current }
        }
        if let lastFailure, time < lastFailure.until { throw lastFailure.error }
        return try await sharedFetch()
    }

    /// Replaces a token the server answered 401 to. If the rejected token is no longer the current one (another caller
    /// already replaced it), the current one is returned without a request.
    public func refresh(rejecting rejected: AccessToken) async throws(TokenError) -> AccessToken {
        if let current, current.value != rejected.value, now() < current.expiresAt { return current }
        if current?.value == rejected.value {
            logger.info("The API refused the access token; fetching a new one", metadata: endpointMetadata)
            current = nil
            quietUntil = nil
        }
        if inFlight == nil, let lastFailure, now() < lastFailure.until { throw lastFailure.error }
        return try await sharedFetch()
    }

    /// Forgets `token` if it is the cached one, so the next ``token()`` fetches a new one.
    public func invalidate(_ token: AccessToken) {
        if current?.value == token.value {
            current = nil
            quietUntil = nil
        }
    }

    /// The cached token, if any, without fetching.
    public var cachedToken: AccessToken? { current }

    /// One fetch at a time: the first caller starts it, the others wait for its result.
    private func sharedFetch() async throws(TokenError) -> AccessToken {
        let task: Task<Result<AccessToken, TokenError>, Never>
        if let inFlight {
            task = inFlight
        } else {
            task = Task { await self.fetchAndStore() }
            inFlight = task
        }
        return try await task.value.get()
    }

    /// Fetches, then records the outcome before anyone waiting sees it.
    private func fetchAndStore() async -> Result<AccessToken, TokenError> {
        defer { inFlight = nil }
        let result = await fetch()
        let time = now()
        switch result {
        case .success(let token):
            current = token
            lastFailure = nil
            quietUntil = nil
            consecutiveFailures = 0
            statistics.tokensIssued += 1
            return result
        case .failure(let error):
            consecutiveFailures += 1
            statistics.failures += 1
            let backoff = configuration.retry.delay(afterAttempt: consecutiveFailures)
            if error.isTransient, let current, time < current.expiresAt {
                // Ask again after a pause of some seconds (half the remaining life at most), not on the next call.
                quietUntil = time + min(max(.seconds(5), backoff), (current.expiresAt - time) / 2)
                logger.warning(
                    "Could not refresh the access token; using the current one until it expires",
                    metadata: ["error": "\(error)"])
                return .success(current)
            }
            lastFailure = (error, time + (error.isTransient ? backoff : configuration.rejectionCooldown))
            if error.isTransient {
                logger.warning("Could not get an access token", metadata: ["error": "\(error)"])
            } else {
                logger.error("Could not get an access token", metadata: ["error": "\(error)"])
            }
            return result
        }
    }

    var endpointMetadata: Logger.Metadata {
        ["endpoint": "\(endpoint)", "client": "\(credentials.clientID)"]
    }
}
