extension TokenProvider {
    /// How a ``TokenProvider`` asks for tokens and when it asks again.
    public struct Configuration: Sendable {
        /// How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
        public enum ClientAuthentication: Sendable, Hashable {
            /// `client_id` and `client_secret` in the form body, as CPlugin's SDKs send them.
            case requestBody
            /// An `Authorization: Basic` header, for identity servers set up to require it.
            case httpBasic
        }

        /// The scope asked for; CPlugin's API scope is `webapi`. nil or empty asks for the client's default scopes.
        public var scope: String?
        public var clientAuthentication: ClientAuthentication
        /// A token is replaced this long before it expires, so no request goes out with one about to lapse.
        public var refreshMargin: Duration
        /// For short-lived tokens the margin is at most this share of the lifetime (a 20 s token is replaced after
        /// 15 s, not at once).
        public var shortLifetimeMarginFraction: Double
        /// How long one token or discovery request may take.
        public var timeout: Duration
        /// Retries for transient failures (connection errors, timeouts, 5xx, 429); refusals are never retried.
        public var retry: RetryPolicy
        /// After the endpoint refused the credentials, callers get that error again for this long without a new
        /// request, so a loop of callers cannot hammer the identity server with a wrong secret.
        public var rejectionCooldown: Duration
        /// The `User-Agent` of token requests.
        public var userAgent: String

        public init(
            scope: String? = "webapi", clientAuthentication: ClientAuthentication = .requestBody,
            refreshMargin: Duration = .seconds(60), shortLifetimeMarginFraction: Double = 0.25,
            timeout: Duration = .seconds(20), retry: RetryPolicy = .standard,
            rejectionCooldown: Duration = .seconds(60),
            userAgent: String = "mtrules"
        ) {
            self.scope = scope
            self.clientAuthentication = clientAuthentication
            self.refreshMargin = refreshMargin
            self.shortLifetimeMarginFraction = min(1, max(0, shortLifetimeMarginFraction))
            self.timeout = timeout
            self.retry = retry
            self.rejectionCooldown = rejectionCooldown
            self.userAgent = userAgent
        }

        /// How long before expiry a token of this lifetime is replaced.
        public func margin(forLifetime lifetime: Duration) -> Duration {
            min(refreshMargin, lifetime * shortLifetimeMarginFraction)
        }
    }

    /// Counters for metrics and tests: how much the provider asked the identity server.
    public struct Statistics: Sendable, Hashable {
        /// Requests sent to the token endpoint (retries included).
        public var tokenRequests = 0
        /// Requests sent for the discovery document.
        public var discoveryRequests = 0
        /// Tokens received.
        public var tokensIssued = 0
        /// Fetches that ended without a token (each after its retries).
        public var failures = 0

        public init() {}
    }
}
