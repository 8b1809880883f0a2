import AlertModel
import CPluginClient
import CPluginSimulator
import Foundation
import RuleEngine
import RuleLanguage
import Runtime
import Synchronization
import Testing

@Suite("Live equals replay")
struct LiveReplayParityTests {
    typealias Support = RecordingTestSupport

    /// The live side: one engine fed in arrival order, every input recorded in the same critical section so the
    /// file's order is the engine's order.
    final class LiveEngine: Sendable {
        struct State {
            let engine: RuleEngine
            var output = EngineOutput()
        }

        let state: Mutex<State>
        let writer: RecordingWriter
        let decoder = HubPayloadDecoder()
        let platform: String

        init(ruleSet: CompiledRuleSet, writer: RecordingWriter, platform: String) {
            state = Mutex(State(engine: RuleEngine(ruleSet: ruleSet, startingAt: EngineService.wallClock())))
            self.writer = writer
            self.platform = platform
        }

        func receive(_ stream: RecordedStream, _ raw: RawJSON) {
            state.withLock { state in
                let time = EngineService.wallClock()
                writer.write(stream, payload: raw, platform: platform, at: time)
                guard let event = try? decoder.event(stream: stream, payload: raw, platform: platform, at: time) else {
                    return
                }
                state.output.append(state.engine.process(event))
            }
        }

        func tick(end: Bool = false) {
            state.withLock { state in
                let time = EngineService.wallClock()
                state.output.append(state.engine.advance(to: time))
                if end { writer.close(endingAt: time) } else { writer.clock(at: time) }
            }
        }
    }

    @Test("a recording of a real hub session replays to exactly the alerts and notifications the live engine made")
    func liveEqualsReplay() async throws {
        let ruleSet = try Support.compile(
            """
            rule busy_symbol {
              on tick
              when count(1s) >= 3
              by symbol
              renotify every 300ms
              log "{symbol} busy: {count(1s)} ticks"
            }
            rule low_margin {
              on margin
              when level < 100000%
              for 200ms
              by login
              log "{login} at {level:.2f}%"
            }
            rule any_trade {
              on trade
              log "#{order} {login} {kind}"
            }
            """)
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 20
        let simulator = SimulatorServer(configuration: configuration)
        let (ready, readyInput) = AsyncStream<SimulatorEndpoints>.makeStream()
        let server = Task { try await simulator.run { readyInput.yield($0) } }
        defer { server.cancel() }
        var iterator = ready.makeAsyncIterator()
        let endpoints = try #require(await iterator.next())
        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: endpoints.apiBaseURL)!], tokenEndpoint: .url(URL(string: endpoints.tokenURL)!))
        let tokens = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: "demo-secret"), environment: environment)
        let hub = PlatformHub(
            baseURLs: [endpoints.apiBaseURL], platformID: SimulatorServer.mt4PlatformID.uuidString,
            authentication: HubAuthentication(source: tokens))
        let path = Support.scratchPath()
        let live = LiveEngine(
            ruleSet: ruleSet,
            writer: try RecordingWriter(path: path, header: .init(started: EngineService.wallClock(), host: "test")),
            platform: "MT4-Demo")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            for (stream, target) in [
                (RecordedStream.margin, "StreamMarginCallUpdates"), (.trade, "StreamTrades"), (.tick, "StreamTicks"),
            ] {
                group.addTask {
                    for try await raw in hub.client.stream(target) { live.receive(stream, raw) }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(100))
                    live.tick()
                }
            }
            group.addTask {
                // Until the session produced something to compare (a loaded machine connects slowly), then a little
                // more, so timers fire between events too; at most a minute.
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline,
                    live.state.withLock({ $0.output.notifications.count }) < 3
                {
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await Task.sleep(for: .seconds(1))
                throw CancellationError()
            }
            do {
                try await group.next()
            } catch is CancellationError {}
            group.cancelAll()
        }
        live.tick(end: true)
        let liveOutput = live.state.withLock { $0.output }
        #expect(liveOutput.notifications.count > 0, "the session should have produced alerts to compare")

        let replay = try ReplayRunner().run(ruleSet, path: path)
        #expect(replay.events > 0)
        #expect(replay.transitions == liveOutput.transitions)
        #expect(replay.notifications == liveOutput.notifications.map(ReplayedNotification.init))
    }
}
