import CPluginClient
import Foundation
import Logging
import Synchronization

/// End to end through mtrules' own hub client: a simulator on free ports publishes margin updates as fast as the
/// link takes them, and a `PlatformHub` receives them over a loopback transport, parses the hub protocol and decodes
/// every item into a typed `MarginCallPayload`. Measures what the engine's input side sustains.
public enum HubClientThroughputBenchmark {
    public struct Result: Sendable {
        public var published: Int
        public var received: Int
        public var seconds: Double
        public var bytes: Int

        public var eventsPerSecond: Double { Double(received) / max(seconds, 1e-9) }
        public var megabytesPerSecond: Double { Double(bytes) / 1_048_576 / max(seconds, 1e-9) }
    }

    public static func run(
        events: Int, transport: HubTransportKind = .webSockets, batchSize: Int = 1000
    ) async throws -> Result {
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 10
        configuration.marketInterval = .seconds(1)
        let server = SimulatorServer(configuration: configuration)
        let (ready, readyContinuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let serverTask = Task { try await server.run(logger: quietLogger) { readyContinuation.yield($0) } }
        defer { serverTask.cancel() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next(),
            let broadcaster = server.broadcaster(for: SimulatorServer.mt4PlatformID)
        else {
            throw BenchmarkFailure("the simulator did not start")
        }
        let issuer = server.issuer
        let credentials = configuration.credentials
        let hub = PlatformHub(
            baseURLs: [endpoints.apiBaseURL], platformID: SimulatorServer.mt4PlatformID.uuidString,
            authentication: HubAuthentication(token: {
                try issuer.issue(
                    grantType: "client_credentials", clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret, scope: "webapi"
                ).accessToken
            }),
            options: HubClientOptions(transports: [transport]), logger: quietLogger)
        let updates = (0..<events).map(update)
        let warmUpEvent = MarketEvent.margin(
            MarginCallPayload(
                login: 1, group: "warm-up", leverage: 100, updated: 0, balance: 0, equity: 0, volumeLots: 0, margin: 0,
                free: 0, level: 0, controllingType: 0, levelType: 0))
        // In the batches frames bring, as the service's feed takes them.
        let marginCalls = hub.client.batches("StreamMarginCallUpdates")
        let received = Tally()
        let hubTask = Task { try await hub.run() }
        defer { hubTask.cancel() }
        let warmUp = Task {
            while !Task.isCancelled {
                broadcaster.publish([warmUpEvent])
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        var items = marginCalls.makeAsyncIterator()
        // Warm up until the stream delivers, so the subscription is in place before timing starts.
        _ = try await items.next()
        warmUp.cancel()
        await warmUp.value
        try await Task.sleep(for: .milliseconds(200))
        let bytesBefore = hub.statistics.bytesReceived
        let start = ContinuousClock.now
        let window = 50_000
        let publisher = Task {
            for batchStart in stride(from: 0, to: updates.count, by: batchSize) {
                while batchStart - received.count > window, !Task.isCancelled {
                    try? await Task.sleep(for: .microseconds(200))
                }
                broadcaster.publish(Array(updates[batchStart..<min(batchStart + batchSize, updates.count)]))
                await Task.yield()
            }
        }
        // Events lost would leave the count short forever: a watchdog stops the client once nothing has arrived for
        // two seconds, which ends the stream below.
        let watchdog = Task {
            var seen = -1
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                let now = received.count
                if now == seen {
                    hubTask.cancel()
                    return
                }
                seen = now
            }
        }
        var lastArrival = start
        while received.count < events, let batch = try await items.next() {
            var count = 0
            for raw in batch {
                guard let item = try? raw.decode(MarginCallPayload.self), item.login >= 100_000 else { continue }
                count += 1
            }
            guard count > 0 else { continue }
            received.add(count)
            lastArrival = ContinuousClock.now
        }
        watchdog.cancel()
        publisher.cancel()
        await publisher.value
        let elapsed = lastArrival - start
        return Result(
            published: events, received: received.count,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            bytes: hub.statistics.bytesReceived - bytesBefore)
    }

    /// Margin updates for 10,000 accounts at varying levels: the engine's heaviest stream.
    static func update(_ index: Int) -> MarketEvent {
        let spread = Double(index % 2_000)
        let level: Double = 128.5 + Double(index % 500) / 10
        let payload = MarginCallPayload(
            login: 100_000 + index % 10_000, group: "real-A", leverage: 100, updated: 1_767_225_600 + index,
            balance: 10_000, equity: 9_000 + spread, volumeLots: 3.5, margin: 7_000, free: 2_000 + spread, level: level,
            controllingType: 0, levelType: 0)
        return .margin(payload)
    }

    private static var quietLogger: Logger {
        var logger = Logger(label: "mtrules.bench")
        logger.logLevel = .critical
        return logger
    }

    /// The count the reading loop writes and the publisher and watchdog read.
    private final class Tally: Sendable {
        private let value = Atomic<Int>(0)
        var count: Int { value.load(ordering: .relaxed) }
        func add(_ count: Int) { value.add(count, ordering: .relaxed) }
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
