import CPluginClient
import Foundation
import Logging
import Synchronization
import WSClient

/// Measures how many events per second the simulator streams to one client over a real WebSocket on loopback:
/// a simulator on free ports, a `StreamTicks` subscriber, and ticks published as fast as the hub takes them.
public enum HubThroughputBenchmark {
    public struct Result: Sendable {
        public var published: Int
        public var received: Int
        public var seconds: Double
        public var bytes: Int

        public var eventsPerSecond: Double { Double(received) / max(seconds, 1e-9) }
        public var megabytesPerSecond: Double { Double(bytes) / 1_048_576 / max(seconds, 1e-9) }
    }

    public static func run(events: Int, batchSize: Int = 1000) async throws -> Result {
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
            throw BenchmarkError("the simulator did not start")
        }
        let token = try server.issuer.issue(
            grantType: "client_credentials", clientID: configuration.credentials.clientID,
            clientSecret: configuration.credentials.clientSecret, scope: "webapi"
        ).accessToken
        let platform = SimulatorServer.mt4PlatformID.uuidString.lowercased()
        let url =
            endpoints.apiBaseURL.replacingOccurrences(of: "http://", with: "ws://")
            + "/hubs/mt4/v2?tradePlatform=\(platform)&access_token=\(token)"
        let ticks = (0..<events).map { index in
            MarketEvent.tick(
                TickPayload(symbol: "BENCH", bid: 1 + Double(index % 1000) / 1e5, ask: 1.0002, lastTime: nil))
        }
        let counter = Counter()
        try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 1 << 24), logger: quietLogger
        ) { inbound, outbound, _ in
            try await outbound.write(.text("{\"protocol\":\"json\",\"version\":1}\u{1E}"))
            try await outbound.write(
                .text("{\"type\":4,\"invocationId\":\"1\",\"target\":\"StreamTicks\",\"arguments\":[\"BENCH\"]}\u{1E}"))
            // Warm up: publish single ticks until the stream delivers one, so the subscription is in place.
            let warmUp = Task {
                while !Task.isCancelled {
                    broadcaster.publish([ticks[0]])
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            while let message = try await messages.next() {
                if case .text(let text) = message, text.contains("\"type\":2") { break }
            }
            warmUp.cancel()
            await warmUp.value
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            // Keep at most `window` events in flight, so the figure is what the hub sustains rather than how fast
            // a subscriber's buffer overflows (a real pump cannot outrun its clients forever either).
            let window = 50_000
            let publisher = Task {
                for batchStart in stride(from: 0, to: ticks.count, by: batchSize) {
                    while batchStart - counter.received > window, !Task.isCancelled {
                        try? await Task.sleep(for: .microseconds(200))
                    }
                    broadcaster.publish(Array(ticks[batchStart..<min(batchStart + batchSize, ticks.count)]))
                    await Task.yield()
                }
            }
            // If events were dropped the count never completes: a watchdog closes the socket once nothing has
            // arrived for a second, which ends the loop below.
            let watchdog = Task {
                var seen = -1
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let now = counter.received
                    if now == seen {
                        try? await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                    seen = now
                }
            }
            var lastArrival = ContinuousClock.now
            while counter.received < events, let message = try await messages.next() {
                guard case .text(let text) = message else { continue }
                lastArrival = ContinuousClock.now
                let bytes = text.utf8
                counter.add(received: bytes.reduce(0) { $0 + ($1 == 0x1E ? 1 : 0) }, bytes: bytes.count)
            }
            watchdog.cancel()
            publisher.cancel()
            counter.seconds = (lastArrival - start).seconds
            await publisher.value
        }
        return Result(published: events, received: counter.received, seconds: counter.seconds, bytes: counter.bytes)
    }

    private static var quietLogger: Logger {
        var logger = Logger(label: "mtrules.bench")
        logger.logLevel = .critical
        return logger
    }

    /// Tallies written by the task reading the socket and read by the watchdog.
    private final class Counter: Sendable {
        private let receivedCount = Atomic<Int>(0)
        private let byteCount = Atomic<Int>(0)
        private let elapsed = Atomic<UInt64>(0)

        var received: Int { receivedCount.load(ordering: .relaxed) }
        var bytes: Int { byteCount.load(ordering: .relaxed) }
        var seconds: Double {
            get { Double(bitPattern: elapsed.load(ordering: .relaxed)) }
            set { elapsed.store(newValue.bitPattern, ordering: .relaxed) }
        }

        func add(received count: Int, bytes size: Int) {
            receivedCount.add(count, ordering: .relaxed)
            byteCount.add(size, ordering: .relaxed)
        }
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
