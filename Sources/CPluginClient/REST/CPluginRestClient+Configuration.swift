extension CPluginRestClient {
    /// Timeouts, retries and failover behaviour of a ``CPluginRestClient``.
    public struct Configuration: Sendable {
        /// How long one request may take unless a call says otherwise; sent as `X-Request-Timeout` (1–300 s) so the
        /// server gives up at the same time.
        public var timeout: Duration
        /// Retries of reads and of writes with an `Idempotency-Key`.
        public var retry: RetryPolicy
        /// After failing over, the first base URL is tried again this often.
        public var failbackAfter: Duration
        /// Answers larger than this are refused (a guard against a runaway response filling memory).
        public var maxResponseBytes: Int
        /// The `User-Agent` of API requests.
        public var userAgent: String

        public init(
            timeout: Duration = .seconds(30), retry: RetryPolicy = .standard, failbackAfter: Duration = .seconds(300),
            maxResponseBytes: Int = 256 << 20, userAgent: String = "mtrules"
        ) {
            self.timeout = timeout
            self.retry = retry
            self.failbackAfter = failbackAfter
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }
}
