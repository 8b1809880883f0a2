import ArgumentParser
import CPluginClient
import CPluginSimulator
import Foundation

/// `mtrules bench`: performance measurements, each reported as the median of several runs.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (build with -c release for meaningful figures).",
        subcommands: [
            EngineBench.self, EndToEndBench.self, MemoryBench.self, SimulatorBench.self, ClientBench.self,
            DecodeBench.self,
        ]
    )
}

/// `mtrules bench simulator`: events per second the simulator streams to one client over a loopback WebSocket.
struct SimulatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Events per second from the simulator's hub to one StreamTicks client over a loopback WebSocket."
    )

    @Option(help: "Events to stream per run.")
    var events = 300_000

    @Option(help: "Number of runs; the median is reported.")
    var runs = 5

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard events > 0, runs > 0 else { throw ValidationError("--events and --runs must be positive") }
    }

    func run() async throws {
        let terminal = Terminal()
        var results: [HubThroughputBenchmark.Result] = []
        for run in 1...runs {
            let result = try await HubThroughputBenchmark.run(events: events)
            results.append(result)
            if !json {
                terminal.print(
                    "run \(run): \(Int(result.eventsPerSecond)) events/s, "
                        + String(format: "%.1f MB/s", result.megabytesPerSecond)
                        + " (\(result.received) of \(result.published) events in "
                        + String(format: "%.3f s)", result.seconds))
            }
        }
        let rates = results.map(\.eventsPerSecond).sorted()
        let median = rates[rates.count / 2]
        let lost = results.map { $0.published - $0.received }.max() ?? 0
        if json {
            let figures: [String: Any] = [
                "benchmark": "simulator-hub-websocket", "events": events, "runs": runs,
                "medianEventsPerSecond": Int(median), "eventsPerSecond": rates.map { Int($0) },
                "maxEventsLost": lost,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        } else {
            terminal.print("median: \(Int(median)) events/s over \(runs) runs; events lost in the worst run: \(lost)")
        }
    }
}

/// `mtrules bench decode`: how fast hub frames become typed events (split, parse, decode) on one core.
struct DecodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract:
            "Hub frames split into records, parsed and decoded into typed payloads, on one core (MB/s, messages/s)."
    )

    @Option(help: "Hub messages in the generated workload.")
    var messages = 500_000

    @Option(help: "Number of runs; the median is reported.")
    var runs = 7

    @Option(help: "Seed of the generated frames (the same seed gives the same bytes).")
    var seed: UInt64 = 1

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard messages > 0, runs > 0 else { throw ValidationError("--messages and --runs must be positive") }
    }

    func run() throws {
        let terminal = Terminal()
        let workload = HubDecodingBenchmark.makeWorkload(messages: messages, seed: seed)
        if !json {
            terminal.print(
                "workload: \(workload.messages) messages in \(workload.frames.count) frames, "
                    + String(format: "%.1f MB", Double(workload.bytes) / 1_000_000))
        }
        _ = try HubDecodingBenchmark.run(workload)  // warm-up: page faults and caches, not measured
        var results: [HubDecodingBenchmark.Result] = []
        for run in 1...runs {
            let result = try HubDecodingBenchmark.run(workload)
            results.append(result)
            if !json {
                terminal.print(
                    "run \(run): " + String(format: "%.1f MB/s", result.megabytesPerSecond)
                        + ", \(Int(result.messagesPerSecond)) messages/s" + String(format: " (%.3f s)", result.seconds))
            }
        }
        let byRate = results.sorted { $0.megabytesPerSecond < $1.megabytesPerSecond }
        let median = byRate[byRate.count / 2]
        if json {
            let figures: [String: Any] = [
                "benchmark": "hub-decoding", "messages": workload.messages, "bytes": workload.bytes, "runs": runs,
                "seed": seed, "medianMegabytesPerSecond": (median.megabytesPerSecond * 10).rounded() / 10,
                "medianMessagesPerSecond": Int(median.messagesPerSecond),
                "megabytesPerSecond": results.map { ($0.megabytesPerSecond * 10).rounded() / 10 },
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        } else {
            terminal.print(
                "median: " + String(format: "%.1f MB/s", median.megabytesPerSecond)
                    + ", \(Int(median.messagesPerSecond)) messages/s over \(runs) runs")
        }
    }
}
