import AsyncHTTPClient
import CPluginClient
import CPluginSimulator
import Foundation
import Hummingbird
import Testing

@Suite("REST client")
struct RestClientTests {
    @Test("TradePlatforms lists the simulator's platforms and Ping reports the MT4 pump up")
    func platforms() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try simulator.restClient(retry: .never)
        let platforms = try await client.tradePlatforms()
        #expect(platforms.map(\.name) == ["MT4-Demo", "MT5-Demo"])
        #expect(platforms.first { $0.type == "MT4" }?.id == simulator.mt4ID)
        #expect(try await client.ping(platform: simulator.mt4ID))
    }

    @Test("every v2 MT4 read answers with typed data that agrees with the simulator")
    func reads() async throws {
        let simulator = try await SimulatorFixture.start { $0.market.accounts = 40 }
        let mt4 = try simulator.restClient(retry: .never).mt4(simulator.mt4ID)

        let margins = try await mt4.margins()
        #expect(margins.count == 40)
        #expect(margins.map(\.login) == Array(1001...1040))
        let margin = try await mt4.marginLevel(login: 1007)
        #expect(margin.login == 1007)
        #expect(margin.group == margins.first { $0.login == 1007 }?.group)

        let user = try await mt4.user(login: 1007)
        #expect(user.login == 1007)
        #expect(user.group == margin.group)
        let group = try await mt4.group(name: try #require(user.group))
        #expect(group.group == user.group)
        #expect(group.marginCall > group.marginStopout)

        // The market keeps logging clients in and out: the answer lies between the model before and after the call.
        let runtime = simulator.server.runtimes[simulator.mt4ID]!
        let onlineBefore = Set(await runtime.read { $0.onlineLogins })
        let online = Set(try await mt4.online().map(\.login))
        let onlineAfter = Set(await runtime.read { $0.onlineLogins })
        #expect(online.isSubset(of: onlineBefore.union(onlineAfter)))
        #expect(onlineBefore.intersection(onlineAfter).isSubset(of: online))

        let ticks = try await mt4.lastTicks()
        #expect(ticks.count == 12)
        let eurusd = try await mt4.lastTick(symbol: "EURUSD")
        #expect(eurusd.symbol == "EURUSD")
        #expect(eurusd.ask > eurusd.bid)
        let symbol = try await mt4.symbol(name: "EURUSD")
        #expect(symbol.symbol == "EURUSD")
        #expect(symbol.digits == 5)
        let configs = try await mt4.symbolConfigs()
        let settings = await simulator.server.runtimes[simulator.mt4ID]!.read { $0.symbols }
        #expect(configs.count == settings.count)
        let eurusdConfig = try #require(configs.first { $0.symbol == "EURUSD" })
        #expect(eurusdConfig.contractSize == settings.first { $0.symbol == "EURUSD" }?.contractSize)
        #expect(eurusdConfig.tradeModeNumber == 2)

        let time = try await mt4.serverTime()
        #expect(abs(time.timeIntervalSinceNow) < 60)

        var pages = mt4.tradePages(pageSize: 1).makeAsyncIterator()
        let firstTrade = try #require(try await pages.next()?.items.first)
        let trade = try await mt4.trade(ticket: firstTrade.order)
        #expect(trade.order == firstTrade.order)
        #expect(trade.login == firstTrade.login)
    }

    @Test("paging walks thousands of open trades in order, each exactly once")
    func paging() async throws {
        // No client activity: the book does not change while it is read.
        let simulator = try await SimulatorFixture.start {
            $0.market.accounts = 3000
            $0.market.activity = 0
            // Nor do prices: a margin stop-out would close trades between the snapshot and the pages.
            $0.marketInterval = .seconds(3600)
        }
        let expected = await simulator.server.runtimes[simulator.mt4ID]!.read { $0.openTrades.map(\.order) }
        #expect(expected.count > 2000)
        let mt4 = try simulator.restClient(retry: .never).mt4(simulator.mt4ID)

        var pageSizes: [Int] = []
        var orders: [Int] = []
        for try await page in mt4.tradePages(pageSize: 500) {
            pageSizes.append(page.items.count)
            orders += page.items.map(\.order)
            #expect(page.activityId != nil)
        }
        #expect(orders == expected)
        #expect(pageSizes.count == (expected.count + 499) / 500)
        #expect(pageSizes.dropLast().allSatisfy { $0 == 500 })

        // Trade by trade, and a page size above the API's limit is clamped to it.
        var count = 0
        var previous = Int.min
        for try await trade in mt4.trades(pageSize: 100_000) {
            #expect(trade.order > previous)
            previous = trade.order
            count += 1
        }
        #expect(count == expected.count)
        #expect(try await mt4.trades(pageSize: 777).collect().map(\.order) == expected)
    }

    @Test(
        "envelope errors come back typed, with the call, host and activity id, and are not retried",
        arguments: ["marginLevel", "user", "trade", "group", "lastTick", "symbol"])
    func envelopeErrors(_ call: String) async throws {
        let simulator = try await SimulatorFixture.start()
        let sleeps = SleepRecorder()
        let mt4 = try simulator.restClient(retry: sleeps.policy(maxAttempts: 4)).mt4(simulator.mt4ID)
        do {
            switch call {
            case "marginLevel": _ = try await mt4.marginLevel(login: 99_999)
            case "user": _ = try await mt4.user(login: 99_999)
            case "trade": _ = try await mt4.trade(ticket: 1)
            case "group": _ = try await mt4.group(name: "no-such-group")
            case "lastTick": _ = try await mt4.lastTick(symbol: "NOPE")
            default: _ = try await mt4.symbol(name: "NOPE")
            }
            Issue.record("\(call) of something missing succeeded")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.kind == .api(ApiError(code: .notFound, message: error.message)))
            #expect(error.message?.contains("not found") == true)
            #expect(error.activityId?.isEmpty == false)
            #expect(error.httpStatus == 200)
            #expect(error.attempts == 1)
            #expect(error.platform == simulator.mt4ID)
            #expect(!error.isTransient)
            let text = "\(error)"
            #expect(text.contains("127.0.0.1"))
            #expect(text.contains("NotFound"))
            #expect(text.contains(error.activityId!))
        }
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("an unknown platform is NotFound in the envelope")
    func unknownPlatform() async throws {
        let simulator = try await SimulatorFixture.start()
        let mt4 = try simulator.restClient(retry: .never).mt4(UUID())
        let error = try await #require(throws: CPluginRestError.self) { try await mt4.margins() }
        #expect(error.code == .notFound)
    }

    @Test("a token that expires mid-use is refreshed once and the call retried")
    func tokenExpiry() async throws {
        let simulator = try await SimulatorFixture.start()
        let tokens = simulator.tokenProvider()
        let mt4 = try simulator.restClient(retry: .never, tokens: tokens).mt4(simulator.mt4ID)
        let before = try await tokens.token()
        _ = try await mt4.margins()
        simulator.server.issuer.expireAll()
        // Many calls hit the 401 together; one refresh serves them all.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { try await mt4.margins().count } }
            for try await count in group { #expect(count == 20) }
        }
        #expect(await tokens.statistics.tokenRequests == 2)
        #expect(try await tokens.token().value != before.value)
    }

    @Test("a server that refuses even a fresh token gives 'unauthorized' after exactly one refresh")
    func unauthorized() async throws {
        let simulator = try await SimulatorFixture.start()
        let stub = try await StubServer.answering(.unauthorized)
        let tokens = simulator.tokenProvider()
        let client = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [stub.url]), tokens: tokens,
            configuration: .init(retry: SleepRecorder().policy(maxAttempts: 4)))
        let error = try await #require(throws: CPluginRestError.self) {
            try await client.mt4(simulator.mt4ID).margins()
        }
        #expect(error.kind == .unauthorized)
        #expect(error.attempts == 2)
        #expect("\(error)".contains("credentials"))
        #expect(stub.requests.count == 2)
        #expect(await tokens.statistics.tokenRequests == 2)
        let tokensSent = Set(stub.requests.compactMap { $0.header("Authorization") })
        #expect(tokensSent.count == 2)
    }

    @Test("wrong credentials fail a call with the token error, without the secret, after one token request")
    func wrongCredentials() async throws {
        let simulator = try await SimulatorFixture.start()
        let secret = "not-the-secret-\(UUID().uuidString)"
        let tokens = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: secret), endpoint: .url(simulator.tokenURL),
            configuration: .init(retry: SleepRecorder().policy(maxAttempts: 4)))
        let mt4 = try simulator.restClient(retry: SleepRecorder().policy(maxAttempts: 4), tokens: tokens).mt4(
            simulator.mt4ID)
        for _ in 0..<3 {
            let error = try await #require(throws: CPluginRestError.self) { try await mt4.margins() }
            guard case .token(.rejected(_, "invalid_client", _, _)) = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(!"\(error)".contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
        #expect(await tokens.statistics.tokenRequests == 1)
    }

    @Test("a gateway answering 503 every time is retried with backoff, then reported as HTTP 503")
    func allFail() async throws {
        let simulator = try await SimulatorFixture.start { $0.faults.rest5xxRate = 1.0 }
        let sleeps = SleepRecorder()
        let mt4 = try simulator.restClient(retry: sleeps.policy(maxAttempts: 3)).mt4(simulator.mt4ID)
        let error = try await #require(throws: CPluginRestError.self) { try await mt4.margins() }
        #expect(error.kind == .httpStatus(503))
        #expect(error.httpStatus == 503)
        #expect(error.attempts == 3)
        #expect(error.isTransient)
        #expect("\(error)".contains("after 3 attempts"))
        let waits = sleeps.recorded
        #expect(waits.count == 2)
        #expect(waits[0] <= .milliseconds(100))
        #expect(waits[1] >= .milliseconds(100) && waits[1] <= .milliseconds(200))
    }

    @Test("when only some requests fail, retries make every call succeed")
    func someFail() async throws {
        let simulator = try await SimulatorFixture.start { $0.faults.rest5xxRate = 0.5 }
        let sleeps = SleepRecorder()
        let mt4 = try simulator.restClient(retry: sleeps.policy(maxAttempts: 25)).mt4(simulator.mt4ID)
        for _ in 0..<20 {
            #expect(try await mt4.margins().count == 20)
        }
        // Half the requests failed: the calls above really were retried.
        #expect(!sleeps.recorded.isEmpty)
    }

    @Test("a server that does not answer in time gives a timeout, retried for reads")
    func timeout() async throws {
        let simulator = try await SimulatorFixture.start {
            $0.faults.restTimeoutRate = 1.0
            $0.faults.restTimeoutSeconds = 10
        }
        let sleeps = SleepRecorder()
        let mt4 = try simulator.restClient(retry: sleeps.policy(maxAttempts: 2), timeout: .milliseconds(300)).mt4(
            simulator.mt4ID)
        let started = ContinuousClock.now
        let error = try await #require(throws: CPluginRestError.self) { try await mt4.margins() }
        #expect(error.kind == .timedOut(.milliseconds(300)))
        #expect(error.attempts == 2)
        #expect("\(error)".contains("no answer within"))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(sleeps.recorded.count == 1)
        // The timeout recovers when the fault goes away.
        simulator.server.setFaults(.none)
        #expect(try await mt4.margins().count == 20)
    }

    @Test("each request carries the bearer token, its timeout and JSON accept headers")
    func headers() async throws {
        let simulator = try await SimulatorFixture.start()
        let stub = try await StubServer.start { _, _ in
            StubServer.json(#"{"data":"2026-01-05T12:00:00","error":null,"meta":{"activityId":"a1"}}"#)
        }
        let tokens = simulator.tokenProvider()
        let client = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [stub.url]), tokens: tokens,
            configuration: .init(timeout: .seconds(42)))
        let time = try await client.mt4(simulator.mt4ID).serverTime()
        #expect(time == Date(timeIntervalSince1970: 1_767_614_400))
        let request = try #require(stub.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/api/v2/MT4/\(simulator.mt4)/ServerTime")
        #expect(request.header("Authorization") == "Bearer \(try await tokens.token().value)")
        #expect(request.header("X-Request-Timeout") == "42")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("Idempotency-Key") == nil)
    }

    @Test("path and query arguments are percent-encoded")
    func encoding() async throws {
        let simulator = try await SimulatorFixture.start()
        let stub = try await StubServer.start { _, _ in
            StubServer.json(#"{"data":null,"error":{"code":"NotFound","managerCode":null,"message":"no"},"meta":null}"#)
        }
        let mt4 = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [stub.url]), tokens: simulator.tokenProvider()
        ).mt4(simulator.mt4ID)
        _ = try? await mt4.group(name: "real\\A B/#1")
        _ = try? await mt4.symbol(name: "#US30&x=1")
        let paths = stub.requests.map(\.path)
        #expect(paths[0].hasSuffix("/GroupRecordGet/real%5CA%20B%2F%231"))
        #expect(paths[1].hasSuffix("/SymbolInfoGet?symbol=%23US30%26x%3D1"))
    }

    @Test("429 waits as long as Retry-After asks, within the policy's limit")
    func rateLimited() async throws {
        let simulator = try await SimulatorFixture.start()
        let stub = try await StubServer.start { _, index in
            index == 0
                ? Response(status: .tooManyRequests, headers: [.retryAfter: "4"])
                : StubServer.json(#"{"data":[],"error":null,"meta":{"activityId":"x"}}"#)
        }
        let sleeps = SleepRecorder()
        let mt4 = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [stub.url]), tokens: simulator.tokenProvider(),
            configuration: .init(retry: sleeps.policy(maxAttempts: 3))
        ).mt4(simulator.mt4ID)
        #expect(try await mt4.margins().isEmpty)
        #expect(sleeps.recorded == [.seconds(4)])

        let tooLong = try await StubServer.start { _, _ in
            Response(status: .tooManyRequests, headers: [.retryAfter: "3600"])
        }
        let impatient = SleepRecorder()
        let other = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [tooLong.url]), tokens: simulator.tokenProvider(),
            configuration: .init(retry: impatient.policy(maxAttempts: 3))
        ).mt4(simulator.mt4ID)
        let error = try await #require(throws: CPluginRestError.self) { try await other.margins() }
        #expect(error.kind == .httpStatus(429))
        #expect(impatient.recorded.isEmpty)
        #expect(tooLong.requests.count == 1)
    }

    @Test("other 4xx answers and unreadable bodies are final, never retried")
    func finalFailures() async throws {
        let simulator = try await SimulatorFixture.start()
        let badRequest = try await StubServer.answering(.badRequest)
        let html = try await StubServer.start { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<html>captive portal</html>")))
        }
        for (stub, check) in [
            (badRequest, { (error: CPluginRestError) in error.kind == .httpStatus(400) }),
            (html, { (error: CPluginRestError) in if case .invalidResponse = error.kind { true } else { false } }),
        ] {
            let sleeps = SleepRecorder()
            let mt4 = CPluginRestClient(
                environment: try .custom(apiBaseURLs: [stub.url]), tokens: simulator.tokenProvider(),
                configuration: .init(retry: sleeps.policy(maxAttempts: 4))
            ).mt4(simulator.mt4ID)
            let error = try await #require(throws: CPluginRestError.self) { try await mt4.margins() }
            #expect(check(error))
            #expect(error.attempts == 1)
            #expect(stub.requests.count == 1)
            #expect(sleeps.recorded.isEmpty)
        }
    }

    @Test("a host answering 503 is skipped for the next base URL, which is then remembered")
    func failoverFrom503() async throws {
        let simulator = try await SimulatorFixture.start()
        let down = try await StubServer.answering(.serviceUnavailable)
        let sleeps = SleepRecorder()
        let client = try simulator.restClient(before: [down.url], retry: sleeps.policy(maxAttempts: 3))
        #expect(try await client.mt4(simulator.mt4ID).margins().count == 20)
        #expect(down.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
        #expect(client.activeAPIBaseURL == simulator.apiURL)
        // Later calls go straight to the healthy host.
        #expect(try await client.tradePlatforms().count == 2)
        _ = try await client.mt4(simulator.mt4ID).lastTicks()
        #expect(down.requests.count == 1)
    }

    @Test("a host refusing connections is skipped for the next base URL")
    func failoverFromClosedPort() async throws {
        let simulator = try await SimulatorFixture.start()
        let closed = URL(string: "http://127.0.0.1:\(try closedPort())")!
        try await withRecommendedHTTPClient { httpClient in
            let client = try simulator.restClient(
                before: [closed], retry: SleepRecorder().policy(maxAttempts: 3), timeout: .seconds(20),
                httpClient: httpClient)
            let started = ContinuousClock.now
            #expect(try await client.mt4(simulator.mt4ID).margins().count == 20)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(client.activeAPIBaseURL == simulator.apiURL)
        }
    }

    @Test("with the shared HTTP client a refused host fails over once the attempt's timeout passes")
    func failoverSharedClient() async throws {
        let simulator = try await SimulatorFixture.start()
        let closed = URL(string: "http://127.0.0.1:\(try closedPort())")!
        let client = try simulator.restClient(
            before: [closed], retry: SleepRecorder().policy(maxAttempts: 2), timeout: .seconds(1))
        #expect(try await client.mt4(simulator.mt4ID).margins().count == 20)
        #expect(client.activeAPIBaseURL == simulator.apiURL)
    }

    @Test("after failing over, the first base URL is tried again once the failback interval passes")
    func failback() async throws {
        let simulator = try await SimulatorFixture.start()
        let down = try await StubServer.answering(.badGateway)
        let client = try simulator.restClient(
            before: [down.url], retry: SleepRecorder().policy(maxAttempts: 2), failbackAfter: .zero)
        _ = try await client.tradePlatforms()
        _ = try await client.tradePlatforms()
        #expect(down.requests.count == 2)
    }

    @Test("when every base URL is down, the error names them all")
    func allHostsDown() async throws {
        let simulator = try await SimulatorFixture.start()
        let first = try await StubServer.answering(.serviceUnavailable)
        let second = try await StubServer.answering(.badGateway)
        let sleeps = SleepRecorder()
        let client = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [first.url, second.url]), tokens: simulator.tokenProvider(),
            configuration: .init(retry: sleeps.policy(maxAttempts: 2)))
        let error = try await #require(throws: CPluginRestError.self) { try await client.tradePlatforms() }
        #expect(error.attempts == 4)
        #expect(error.hostsTried == ["127.0.0.1:\(first.url.port!)", "127.0.0.1:\(second.url.port!)"])
        #expect("\(error)".contains("127.0.0.1:\(first.url.port!), 127.0.0.1:\(second.url.port!)"))
        #expect(first.requests.count == 2)
        #expect(second.requests.count == 2)
        #expect(sleeps.recorded.count == 1)
    }
}
