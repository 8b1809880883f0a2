import Foundation

/// Everything `mtrules simulate` and tests can set.
public struct SimulatorConfiguration: Sendable {
    /// Where to listen; loopback by default, as a development server should.
    public var host: String
    /// The API, OAuth and hub port; 0 picks a free one.
    public var port: Int
    /// The x86 sidecar's port (`MailSend`, `NewsSend`); 0 picks a free one.
    public var sidecarPort: Int
    public var credentials: TokenIssuer.Credentials
    /// Seconds an issued token lives.
    public var tokenLifetime: Double
    public var market: MarketConfiguration
    public var scenario: Scenario?
    public var faults: FaultPlan
    /// How often the market advances with the wall clock.
    public var marketInterval: Duration
    /// Hub keep-alive, timeouts and long-polling wait.
    public var hubOptions: HubOptions

    public init(
        host: String = "127.0.0.1", port: Int = 0, sidecarPort: Int = 0,
        credentials: TokenIssuer.Credentials = .demo, tokenLifetime: Double = 3600,
        market: MarketConfiguration = MarketConfiguration(), scenario: Scenario? = nil, faults: FaultPlan = .none,
        marketInterval: Duration = .milliseconds(50), hubOptions: HubOptions = HubOptions()
    ) {
        self.host = host
        self.port = port
        self.sidecarPort = sidecarPort
        self.credentials = credentials
        self.tokenLifetime = tokenLifetime
        self.market = market
        self.scenario = scenario
        self.faults = faults
        self.marketInterval = marketInterval
        self.hubOptions = hubOptions
    }
}

/// Where a running simulator can be reached.
public struct SimulatorEndpoints: Sendable, Hashable {
    public var apiBaseURL: String
    public var sidecarBaseURL: String
    public var tokenURL: String { apiBaseURL + "/connect/token" }
    public var platforms: [SimulatedPlatform]
}
