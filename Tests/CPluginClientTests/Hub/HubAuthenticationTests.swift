import CPluginClient
import CPluginSimulator
import Foundation
import Testing

@Suite("Hub client authentication")
struct HubAuthenticationTests {
    static func provider(_ fixture: SimulatorFixture, secret: String = "demo-secret") -> TokenProvider {
        TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: secret),
            endpoint: .url(URL(string: fixture.endpoints.tokenURL)!))
    }

    @Test(
        "a token that expires while streaming is replaced at the next reconnect: one 401, one refresh, streaming again")
    func tokenExpiresMidStream() async throws {
        let fixture = try await SimulatorFixture.start()
        let tokens = Self.provider(fixture)
        let hub = PlatformHub(
            baseURLs: [fixture.endpoints.apiBaseURL], platformID: fixture.mt4,
            authentication: HubAuthentication(source: tokens), options: fastHubOptions(transports: [.webSockets]))
        let events = hub.connectionEvents()
        let ticks = hub.ticks()
        let (reconnected, tickAfter) = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            _ = await nextEvent(&iterator) { $0.isUp }
            var tickIterator = ticks.makeAsyncIterator()
            _ = try await tickIterator.next()
            // Every token the simulator issued is now invalid; the open connection is not affected (as with
            // ASP.NET), but the next negotiate is.
            fixture.server.issuer.expireAll()
            fixture.server.setFaults(FaultPlan(dropAfterMessages: 1))
            let reconnected = await nextEvent(&iterator) {
                if case .reconnected = $0 { return true }
                return false
            }
            fixture.server.setFaults(.none)
            let tick = try await tickIterator.next()
            return (reconnected != nil, tick != nil)
        }
        #expect(reconnected)
        #expect(tickAfter)
        let statistics = await tokens.statistics
        #expect(statistics.tokensIssued == 2, "one token at start, one after the 401")
    }

    @Test("wrong credentials stop the client with the token endpoint's reason after one request, not a retry storm")
    func wrongCredentials() async throws {
        let fixture = try await SimulatorFixture.start()
        let tokens = Self.provider(fixture, secret: "wrong-secret")
        let hub = PlatformHub(
            baseURLs: [fixture.endpoints.apiBaseURL], platformID: fixture.mt4,
            authentication: HubAuthentication(source: tokens), options: fastHubOptions())
        let events = hub.connectionEvents()
        var failure: (any Error)?
        do {
            try await hub.run()
        } catch {
            failure = error
        }
        #expect(failure is TokenError)
        #expect("\(failure.map { "\($0)" } ?? "")".contains("invalid_client"))
        #expect(!"\(failure.map { "\($0)" } ?? "")".contains("wrong-secret"))
        var stopped: String?
        for await event in events {
            if case .stopped(let reason) = event { stopped = reason }
        }
        #expect(stopped?.contains("invalid_client") == true)
        let statistics = await tokens.statistics
        #expect(statistics.tokenRequests == 1)
    }
}
