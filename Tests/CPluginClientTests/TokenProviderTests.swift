import CPluginClient
import CPluginSimulator
import Foundation
import Hummingbird
import Testing

@Suite("Token provider")
struct TokenProviderTests {
    /// Token requests that reached the endpoint behind a counting proxy.
    func tokenRequests(_ proxy: StubServer) -> Int {
        proxy.requests.filter { $0.path.hasPrefix("/connect/token") }.count
    }

    @Test("many concurrent callers share one token request and get the same token")
    func sharedFetch() async throws {
        let simulator = try await SimulatorFixture.start()
        let proxy = try await StubServer.proxy(to: simulator.endpoints.apiBaseURL)
        let provider = TokenProvider(
            credentials: simulator.credentials, endpoint: .url(URL(string: proxy.baseURL + "/connect/token")!))
        let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
            for _ in 0..<50 { group.addTask { try await provider.token() } }
            return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
        }
        #expect(tokens.count == 50)
        #expect(Set(tokens.map(\.value)).count == 1)
        #expect(tokenRequests(proxy) == 1)
        #expect(simulator.server.issuer.isValid(tokens[0].value))
        // Cached afterwards too.
        _ = try await provider.token()
        #expect(tokenRequests(proxy) == 1)
        #expect(await provider.statistics.tokenRequests == 1)
    }

    @Test(
        "a token is reused until shortly before it expires, then replaced ahead of expiry",
        arguments: [
            // lifetime, last moment the first token is still handed out, first moment a new one is fetched
            (3600.0, 3539.0, 3541.0),  // 60 s ahead
            (120.0, 59.0, 91.0),  // a quarter of 120 s is 30 s: 60 s ahead would be half the lifetime
            (20.0, 14.9, 15.1),  // a quarter of a short lifetime
        ])
    func refreshAhead(_ lifetime: Double, _ stillCached: Double, _ replaced: Double) async throws {
        let simulator = try await SimulatorFixture.start { $0.tokenLifetime = lifetime }
        let clock = ManualClock()
        let provider = simulator.tokenProvider(now: clock.now)
        let first = try await provider.token()
        #expect(first.lifetime == .seconds(lifetime))
        clock.advance(by: .seconds(stillCached))
        #expect(try await provider.token().value == first.value)
        clock.advance(by: .seconds(replaced - stillCached))
        let second = try await provider.token()
        #expect(second.value != first.value)
        #expect(simulator.server.issuer.isValid(second.value))
        #expect(await provider.statistics.tokenRequests == 2)
    }

    @Test("refreshing a rejected token fetches once; refreshing a token already replaced fetches nothing")
    func refreshRejected() async throws {
        let simulator = try await SimulatorFixture.start()
        let proxy = try await StubServer.proxy(to: simulator.endpoints.apiBaseURL)
        let provider = TokenProvider(
            credentials: simulator.credentials, endpoint: .url(URL(string: proxy.baseURL + "/connect/token")!))
        let first = try await provider.token()
        simulator.server.issuer.expireAll()
        // Twenty callers saw a 401 with the same token at once: one refresh serves them all.
        let replacements = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.refresh(rejecting: first).value } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(replacements.count == 1)
        #expect(tokenRequests(proxy) == 2)
        // A late caller with the old token gets the new one, without a request.
        let late = try await provider.refresh(rejecting: first)
        #expect(replacements.contains(late.value))
        #expect(tokenRequests(proxy) == 2)
        #expect(late.value != first.value)
        #expect(simulator.server.issuer.isValid(late.value))
        // invalidate() drops the current token: the next call fetches.
        await provider.invalidate(late)
        #expect(try await provider.token().value != late.value)
        #expect(tokenRequests(proxy) == 3)
    }

    @Test(
        "wrong credentials fail with a clear error after exactly one request, and the secret shows nowhere",
        arguments: [TokenProvider.Configuration.ClientAuthentication.requestBody, .httpBasic])
    func wrongCredentials(_ authentication: TokenProvider.Configuration.ClientAuthentication) async throws {
        let simulator = try await SimulatorFixture.start()
        let proxy = try await StubServer.proxy(to: simulator.endpoints.apiBaseURL)
        let secret = "wrong-secret-\(UUID().uuidString)"
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: secret),
            endpoint: .url(URL(string: proxy.baseURL + "/connect/token")!),
            configuration: .init(clientAuthentication: authentication, retry: sleeps.policy(maxAttempts: 5)))
        var failures: [TokenError] = []
        for _ in 0..<5 {
            do {
                _ = try await provider.token()
                Issue.record("a wrong secret got a token")
            } catch {
                failures.append(error)
            }
        }
        // Concurrent callers during the cooldown get the same answer without a request either.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try? await provider.token() } }
        }
        #expect(tokenRequests(proxy) == 1)
        #expect(sleeps.recorded.isEmpty)
        let error = try #require(failures.first)
        // RFC 6749: 401 when the client authenticated with HTTP Basic, 400 otherwise.
        let status = authentication == .httpBasic ? 401 : 400
        guard case .rejected(status, "invalid_client", _, let endpoint) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(endpoint == proxy.baseURL + "/connect/token")
        #expect(!error.isTransient)
        for text in ["\(error)", String(reflecting: error), "\(provider.credentials)"] {
            #expect(!text.contains(secret))
        }
        #expect("\(error)".contains("invalid_client"))
        #expect("\(error)".contains("MTRULES_CLIENT_SECRET"))
        // The request did carry the secret where the method puts it.
        let request = try #require(proxy.requests.first)
        switch authentication {
        case .requestBody:
            #expect(request.body.contains("client_secret=wrong-secret-"))
            #expect(request.header("Authorization") == nil)
        case .httpBasic:
            #expect(!request.body.contains("client_secret"))
            let basic = try #require(request.header("Authorization"))
            #expect(basic.hasPrefix("Basic "))
            let pair = Data(base64Encoded: String(basic.dropFirst(6))).flatMap { String(data: $0, encoding: .utf8) }
            #expect(pair == "demo:\(secret)")
        }
        #expect(request.body.contains("grant_type=client_credentials"))
        #expect(request.body.contains("scope=webapi"))
    }

    @Test("HTTP Basic client authentication gets a token the API accepts")
    func httpBasic() async throws {
        let simulator = try await SimulatorFixture.start()
        let provider = TokenProvider(
            credentials: simulator.credentials, endpoint: .url(simulator.tokenURL),
            configuration: .init(clientAuthentication: .httpBasic))
        let token = try await provider.token()
        #expect(simulator.server.issuer.isValid(token.value))
    }

    @Test("a scope the client may not have is refused as invalid_scope and not retried")
    func invalidScope() async throws {
        let simulator = try await SimulatorFixture.start()
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: simulator.credentials, endpoint: .url(simulator.tokenURL),
            configuration: .init(scope: "admin", retry: sleeps.policy(maxAttempts: 4)))
        await #expect(
            throws: TokenError.rejected(
                status: 400, error: "invalid_scope", description: nil, endpoint: simulator.endpoints.tokenURL)
        ) {
            try await provider.token()
        }
        #expect(await provider.statistics.tokenRequests == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("the token endpoint is found through discovery, once")
    func discovery() async throws {
        let simulator = try await SimulatorFixture.start()
        let clock = ManualClock()
        let provider = TokenProvider(
            credentials: simulator.credentials, endpoint: .discovery(authority: simulator.apiURL), now: clock.now)
        let first = try await provider.token()
        #expect(simulator.server.issuer.isValid(first.value))
        clock.advance(by: .seconds(3590))
        let second = try await provider.token()
        #expect(second.value != first.value)
        #expect(await provider.statistics.discoveryRequests == 1)
        #expect(await provider.statistics.tokenRequests == 2)
    }

    @Test("a parsed URL environment discovers the simulator's token endpoint at its base")
    func discoveryFromParsedEnvironment() async throws {
        let simulator = try await SimulatorFixture.start()
        let environment = try CPluginEnvironment(parsing: simulator.endpoints.apiBaseURL)
        let provider = TokenProvider(credentials: simulator.credentials, environment: environment)
        #expect(simulator.server.issuer.isValid(try await provider.token().value))
    }

    @Test("an authority without a discovery document gives a discovery error, not a retry loop")
    func discoveryMissing() async throws {
        let stub = try await StubServer.answering(.notFound)
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "id", clientSecret: "secret"),
            endpoint: .discovery(authority: stub.url), configuration: .init(retry: sleeps.policy(maxAttempts: 4)))
        let error = try await #require(throws: TokenError.self) { try await provider.token() }
        guard case .discoveryFailed(let authority, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(authority == stub.baseURL)
        #expect(reason.contains("404"))
        #expect(stub.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("transient token endpoint failures are retried with growing backoff, honouring Retry-After")
    func transientRetries() async throws {
        let stub = try await StubServer.start { _, index in
            switch index {
            case 0: return Response(status: .serviceUnavailable)
            case 1: return Response(status: .tooManyRequests, headers: [.retryAfter: "3"])
            case 2: return Response(status: .badGateway)
            default: return StubServer.json(#"{"access_token":"tok-4","expires_in":3600,"token_type":"Bearer"}"#)
            }
        }
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "id", clientSecret: "secret"),
            endpoint: .url(URL(string: stub.baseURL + "/connect/token")!),
            configuration: .init(retry: sleeps.policy(maxAttempts: 4, initialDelay: .milliseconds(100))))
        #expect(try await provider.token().value == "tok-4")
        #expect(stub.requests.count == 4)
        let waits = sleeps.recorded
        #expect(waits.count == 3)
        #expect(waits[0] >= .milliseconds(50) && waits[0] <= .milliseconds(100))
        #expect(waits[1] >= .seconds(3))
        #expect(waits[2] >= .milliseconds(200) && waits[2] <= .milliseconds(400))
    }

    @Test("an identity server that stays down gives 'unavailable' after the configured attempts")
    func unavailable() async throws {
        let port = try closedPort()
        let frozen = ContinuousClock.now
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "id", clientSecret: "hunter2-secret"),
            endpoint: .url(URL(string: "http://127.0.0.1:\(port)/connect/token")!),
            configuration: .init(timeout: .milliseconds(500), retry: sleeps.policy(maxAttempts: 3)),
            httpClient: .shared,
            // Time stands still, so the failure's back-off cannot run out however slow the attempts are under load.
            now: { frozen })
        let error = try await #require(throws: TokenError.self) { try await provider.token() }
        guard case .unavailable(let endpoint, _, let attempts) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(endpoint.contains("127.0.0.1:\(port)"))
        #expect(attempts == 3)
        #expect(error.isTransient)
        #expect(!"\(error)".contains("hunter2"))
        #expect(sleeps.recorded.count == 2)
        // Right after, callers get the failure from memory rather than hammering the endpoint.
        await #expect(throws: TokenError.self) { try await provider.token() }
        #expect(await provider.statistics.tokenRequests == 3)
    }

    @Test("when a refresh fails but the current token is still valid, it keeps being used until it expires")
    func degradeToCurrentToken() async throws {
        let stub = try await StubServer.start { _, index in
            index == 0
                ? StubServer.json(#"{"access_token":"first","expires_in":100,"token_type":"Bearer"}"#)
                : Response(status: .serviceUnavailable)
        }
        let clock = ManualClock()
        let sleeps = SleepRecorder()
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "id", clientSecret: "secret"),
            endpoint: .url(URL(string: stub.baseURL + "/connect/token")!),
            configuration: .init(retry: sleeps.policy(maxAttempts: 2)), now: clock.now)
        #expect(try await provider.token().value == "first")
        clock.advance(by: .seconds(80))  // past the refresh point (100 - 25 s), before expiry
        #expect(try await provider.token().value == "first")
        let afterFailedRefresh = stub.requests.count
        #expect(afterFailedRefresh == 3)
        // Within the backoff after that failure, no new request.
        #expect(try await provider.token().value == "first")
        #expect(stub.requests.count == afterFailedRefresh)
        clock.advance(by: .seconds(21))  // expired now
        await #expect(throws: TokenError.self) { try await provider.token() }
    }

    @Test("a 200 without an access token is an invalid response, not a token")
    func invalidAnswer() async throws {
        let stub = try await StubServer.start { _, _ in StubServer.json(#"{"token_type":"Bearer"}"#) }
        let provider = TokenProvider(
            credentials: ClientCredentials(clientID: "id", clientSecret: "secret"),
            endpoint: .url(URL(string: stub.baseURL + "/connect/token")!))
        let error = try await #require(throws: TokenError.self) { try await provider.token() }
        guard case .invalidResponse(_, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(reason.contains("access_token"))
    }
}
