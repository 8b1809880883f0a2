import CPluginClient
import CPluginSimulator
import Foundation
import Testing

@Suite("Hub client against the simulator over real sockets")
struct HubClientTests {
    @Test(
        "each transport connects, reports itself and carries ticks and margin updates",
        arguments: HubTransportKind.allCases)
    func eachTransport(_ kind: HubTransportKind) async throws {
        let fixture = try await SimulatorFixture.start()
        let hub = fixture.hub(transports: [kind])
        let events = hub.connectionEvents()
        let ticks = hub.ticks()
        let margins = hub.marginCalls()
        let (info, tickCount, margin) = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            let up = await nextEvent(&iterator) { $0.isUp }
            var tickCount = 0
            for try await tick in ticks {
                #expect(!tick.symbol.isEmpty && tick.ask >= tick.bid)
                tickCount += 1
                if tickCount == 5 { break }
            }
            var marginIterator = margins.makeAsyncIterator()
            let margin = try await marginIterator.next()
            return (up?.info, tickCount, margin)
        }
        #expect(info?.transport == kind)
        #expect(info?.baseURL == fixture.endpoints.apiBaseURL)
        #expect(tickCount == 5)
        #expect((margin?.login ?? 0) > 0)
        #expect(hub.statistics.malformed == 0)
    }

    @Test("when WebSockets are refused the client falls back to Server-Sent Events")
    func fallsBackWhenWebSocketsAreRefused() async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.refuseWebSockets = true }
        let hub = fixture.hub()
        let events = hub.connectionEvents()
        let ticks = hub.ticks()
        let transport = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            let up = await nextEvent(&iterator) { $0.isUp }
            var tickIterator = ticks.makeAsyncIterator()
            _ = try await tickIterator.next()
            return up?.info?.transport
        }
        #expect(transport == .serverSentEvents)
    }

    @Test("a WebSocket-only client says why no transport could connect")
    func noUsableTransport() async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.refuseWebSockets = true }
        let hub = fixture.hub(transports: [.webSockets])
        let events = hub.connectionEvents()
        let reason = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            guard case .reconnecting(_, _, let reason) = await nextEvent(&iterator, where: { !$0.isUp }) else {
                return ""
            }
            return reason
        }
        #expect(reason.contains("no transport could connect"))
        #expect(reason.contains("WebSockets: not offered"))
        #expect(!reason.contains("access_token="))
    }

    @Test("hub methods answer with results, and unknown methods with the server's error")
    func invocations() async throws {
        let fixture = try await SimulatorFixture.start()
        let hub = fixture.hub(transports: [.webSockets])
        let events = hub.connectionEvents()
        let (result, failure) = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            _ = await nextEvent(&iterator) { $0.isUp }
            let result = try await hub.client.invoke("SubscribeToTicks", arguments: [.string("EURUSD")])
            var failure: (any Error)?
            do {
                _ = try await hub.client.invoke("NoSuchMethod", arguments: [])
            } catch {
                failure = error
            }
            return (result, failure.map { "\($0)" })
        }
        #expect(result == .null || result == nil)
        #expect(failure?.contains("NoSuchMethod failed on the hub") == true)
    }

    @Test("OnTick events arrive for subscribed symbols, and the pump status after the handshake")
    func serverInvocations() async throws {
        let fixture = try await SimulatorFixture.start()
        let hub = fixture.hub(transports: [.longPolling])
        let status = hub.pumpStatus()
        let ticks = Collected<String>()
        hub.client.on("OnTick") { arguments in
            if let tick = try? arguments.first?.decode(TickPayload.self) { ticks.append(tick.symbol) }
        }
        hub.client.standingCall("SubscribeToTicks", arguments: [.string("GBPUSD")])
        let pumpUp = try await whileRunning(hub) {
            var statusIterator = status.makeAsyncIterator()
            let up = await statusIterator.next()
            while ticks.all.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            return up
        }
        #expect(pumpUp == true)
        #expect(Set(ticks.all) == ["GBPUSD"])
    }

    @Test("the legacy v1 hub carries ticks for named symbols and refuses v2-only streams")
    func legacyHub() async throws {
        let fixture = try await SimulatorFixture.start()
        let hub = fixture.hub(transports: [.webSockets], version: .v1)
        let ticks = hub.ticks(symbols: ["EURUSD", "USDJPY"])
        let margins = hub.marginCalls()
        let symbols = try await whileRunning(hub) {
            var seen: Set<String> = []
            for try await tick in ticks {
                seen.insert(tick.symbol)
                if seen.count == 2 { break }
            }
            return seen
        }
        #expect(symbols == ["EURUSD", "USDJPY"])
        await #expect(throws: HubClientError.self) {
            for try await _ in margins {}
        }
    }

    @Test("a silent server is detected by the server timeout and the client reconnects")
    func serverTimeout() async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.stallAfter = 0.5 }
        let hub = fixture.hub(options: fastHubOptions(transports: [.webSockets], serverTimeout: .seconds(1.5)))
        let events = hub.connectionEvents()
        let (reason, again) = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            _ = await nextEvent(&iterator) { $0.isUp }
            guard case .reconnecting(_, _, let reason) = await nextEvent(&iterator, where: { !$0.isUp }) else {
                return ("", false)
            }
            let again = await nextEvent(&iterator) { $0.isUp }
            return (reason, again != nil)
        }
        #expect(reason.contains("nothing heard from the hub for 1.5 s"))
        #expect(again)
    }

    @Test("refused negotiates are retried with backoff until the server accepts")
    func negotiateRefused() async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.refuseNegotiate = 2 }
        let hub = fixture.hub(transports: [.webSockets])
        let events = hub.connectionEvents()
        let reasons = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            var reasons: [String] = []
            while let event = await iterator.next() {
                if case .reconnecting(_, _, let reason) = event { reasons.append(reason) }
                if event.isUp { break }
            }
            return reasons
        }
        #expect(reasons.count == 2)
        #expect(reasons.allSatisfy { $0.contains("HTTP 503") })
    }

    @Test("with a list of base URLs the client fails over from a dead host to a live one")
    func failover() async throws {
        let fixture = try await SimulatorFixture.start()
        let dead = "http://127.0.0.1:\(try closedPort())"
        // async-http-client retries a refused connection until the request's deadline: keep that short here.
        var options = fastHubOptions(transports: [.webSockets])
        options.handshakeTimeout = .seconds(2)
        let hub = PlatformHub(
            baseURLs: [dead, fixture.endpoints.apiBaseURL], platformID: fixture.mt4,
            authentication: fixture.issuerAuthentication, options: options)
        let events = hub.connectionEvents()
        let info = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            return await nextEvent(&iterator) { $0.isUp }?.info
        }
        #expect(info?.baseURL == fixture.endpoints.apiBaseURL)
    }
}
