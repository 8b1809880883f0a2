import AlertModel
import AlertStore
import AsyncHTTPClient
import CPluginClient
import CPluginSimulator
import Foundation
import Logging
import RuleEngine
import RuleLanguage
import Synchronization

/// The live path end to end: the simulator publishes margin updates, mtrules' hub client takes them off a loopback
/// WebSocket (real OAuth, negotiate), they are decoded, run through the rules, and every output is committed to the
/// alert store's outbox with the touched alerts' states, exactly as `mtrules run` does. Publisher and service share
/// the machine's cores. Each update carries its publish time (µs since the run began) in `updated`, so the run
/// measures event-to-outbox latency: from publishing to the engine having committed what the event caused.
public enum EndToEndBenchmark {
    public struct Result: Sendable {
        public var published: Int
        public var processed: Int
        public var seconds: Double
        public var transitions: Int
        public var notifications: Int
        /// Publish to committed, in milliseconds: p50, p99, max.
        public var latency: (p50: Double, p99: Double, max: Double)

        public var eventsPerSecond: Double { Double(processed) / max(seconds, 1e-9) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameters:
    ///   - rate: events per second to publish; nil publishes as fast as the service takes them (with at most 50,000
    ///     in flight).
    public static func run(events: Int, rate: Double?, ruleSet: CompiledRuleSet) async throws -> Result {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: CPluginRestClient.recommendedHTTPClientConfiguration())
        do {
            let result = try await measure(events: events, rate: rate, ruleSet: ruleSet, http: http)
            try? await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private static func measure(
        events: Int, rate: Double?, ruleSet: CompiledRuleSet, http: HTTPClient
    ) async throws -> Result {
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 10
        configuration.marketInterval = .seconds(1)
        let server = SimulatorServer(configuration: configuration)
        let (ready, readyInput) = AsyncStream<SimulatorEndpoints>.makeStream()
        let quiet = Logger(label: "mtrules.bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let serverTask = Task { try await server.run(logger: quiet) { readyInput.yield($0) } }
        defer { serverTask.cancel() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next(),
            let broadcaster = server.broadcaster(for: SimulatorServer.mt4PlatformID)
        else { throw Failure(description: "the simulator did not start") }

        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: endpoints.apiBaseURL)!], tokenEndpoint: .url(URL(string: endpoints.tokenURL)!))
        let tokens = TokenProvider(
            credentials: ClientCredentials(clientID: "demo", clientSecret: "demo-secret"), environment: environment,
            httpClient: http)
        let hub = PlatformHub(
            baseURLs: [endpoints.apiBaseURL], platformID: SimulatorServer.mt4PlatformID.uuidString,
            authentication: HubAuthentication(source: tokens), httpClient: http, logger: quiet)
        let directory = NSTemporaryDirectory() + "mtrules-bench-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try AlertStore(path: directory + "/alerts.sqlite")
        let outputs = Counts()
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: EngineService.wallClock()), store: store, worker: nil,
            observe: { output in outputs.add(output) })
        let mapper = HubEventMapper()

        // As `PlatformFeed` does: the items of a frame go through the engine together, in batches of at most
        // `PlatformFeed.maxEngineBatch`, one actor hop and one store transaction each.
        let stream = hub.client.batches("StreamMarginCallUpdates")
        let hubTask = Task { try await hub.run() }
        defer { hubTask.cancel() }
        var items = stream.makeAsyncIterator()
        // Warm up until the stream delivers, so the subscription is in place before timing starts.
        let warmUp = Task {
            while !Task.isCancelled {
                broadcaster.publish([.margin(Self.update(login: 1, level: 500, published: -1))])
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        _ = try await items.next()
        warmUp.cancel()
        await warmUp.value
        try await Task.sleep(for: .milliseconds(200))

        let start = ContinuousClock.now
        let processed = Processed()
        let publisher = Task {
            var random = BenchmarkRandom(seed: 11)
            var levels = (0..<10_000).map { _ in 120 + random.unit() * 400 }
            let batch = rate.map { max(1, Int($0 / 1000)) } ?? 500
            var sent = 0
            while sent < events, !Task.isCancelled {
                if let rate {
                    // Paced: publish what is due by now, in millisecond batches.
                    let due = Int(EngineBenchmark.seconds(ContinuousClock.now - start) * rate)
                    if sent >= due {
                        try? await Task.sleep(for: .milliseconds(1))
                        continue
                    }
                } else {
                    // A millisecond is a few hundred events at full speed, far inside the window: polling more often
                    // only takes CPU from what is measured.
                    while sent - processed.count > 50_000, !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(1))
                    }
                }
                var updates: [MarketEvent] = []
                for _ in 0..<min(batch, events - sent) {
                    let account = Int(random.next() % 10_000)
                    levels[account] = max(30, min(600, levels[account] + (random.unit() - 0.5) * 30))
                    let published = Int(EngineBenchmark.seconds(ContinuousClock.now - start) * 1e6)
                    updates.append(
                        .margin(Self.update(login: 100_000 + account, level: levels[account], published: published)))
                }
                sent += updates.count
                broadcaster.publish(updates)
                await Task.yield()
            }
        }
        defer { publisher.cancel() }
        var latencies: [Double] = []
        latencies.reserveCapacity(events)
        var last = start
        // A lost event would leave the count short: stop when nothing arrives for two seconds.
        let watchdog = Task {
            var seen = -1
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                let now = processed.count
                if now == seen {
                    hubTask.cancel()
                    return
                }
                seen = now
            }
        }
        defer { watchdog.cancel() }
        var batch: [(event: TradingEvent, line: RecordingLine)] = []
        var publishedAt: [Int] = []
        while latencies.count < events, let raws = try await items.next() {
            var index = 0
            while index < raws.count {
                let end = min(index + PlatformFeed.maxEngineBatch, raws.count)
                batch.removeAll(keepingCapacity: true)
                publishedAt.removeAll(keepingCapacity: true)
                let time = EngineService.wallClock()
                for raw in raws[index..<end] {
                    let payload = try raw.decode(MarginCallPayload.self)
                    guard payload.login >= 100_000 else { continue }
                    let item = RecordedItem(
                        time: time, platform: "MT4-Demo", stream: .margin, source: .hub, payload: raw)
                    batch.append((mapper.event(payload, platform: "MT4-Demo", at: time), .item(item)))
                    publishedAt.append(payload.updated)
                }
                index = end
                guard !batch.isEmpty else { continue }
                try await service.process(batch)
                last = ContinuousClock.now
                let now = EngineBenchmark.seconds(last - start) * 1000
                for published in publishedAt {
                    latencies.append(now - Double(published) / 1000)
                }
                processed.add(batch.count)
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let (transitions, notifications) = outputs.totals
        return Result(
            published: events, processed: latencies.count, seconds: EngineBenchmark.seconds(last - start),
            transitions: transitions, notifications: notifications,
            latency: (percentile(0.5), percentile(0.99), latencies.last ?? .nan))
    }

    static func update(login: Int, level: Double, published: Int) -> MarginCallPayload {
        let equity = 10_000.0
        let margin = equity / level * 100
        return MarginCallPayload(
            login: login, group: "real-A", leverage: 100, updated: published, balance: equity, equity: equity,
            volumeLots: margin / 1000, margin: margin, free: equity - margin, level: level, controllingType: 0,
            levelType: level < 50 ? 2 : level < 100 ? 1 : 0)
    }

    /// How many events the service has processed, read by the publisher (to bound what is in flight) and the
    /// watchdog.
    final class Processed: Sendable {
        private let value = Atomic<Int>(0)
        var count: Int { value.load(ordering: .relaxed) }
        func add(_ count: Int) { value.add(count, ordering: .relaxed) }
    }

    /// What the engine committed, counted from its observer.
    final class Counts: Sendable {
        private let value = Mutex((transitions: 0, notifications: 0))
        func add(_ output: EngineOutput) {
            value.withLock {
                $0.transitions += output.transitions.count
                $0.notifications += output.notifications.count
            }
        }
        var totals: (Int, Int) { value.withLock { ($0.transitions, $0.notifications) } }
    }
}
