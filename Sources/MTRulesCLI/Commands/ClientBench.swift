import ArgumentParser
import CPluginClient
import CPluginSimulator
import Foundation

/// `mtrules bench client`: events per second from the simulator's hub through mtrules' own SignalR client, decoded
/// into typed margin updates: the input side of the engine, end to end over a loopback socket.
struct ClientBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Margin updates per second from the simulator through the hub client, decoded, over loopback."
    )

    @Option(help: "Events to stream per run.")
    var events = 300_000

    @Option(help: "Number of runs; the median is reported.")
    var runs = 5

    @Option(help: "Transport: websockets, sse or longpolling.")
    var transport: HubTransportKind = .webSockets

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard events > 0, runs > 0 else { throw ValidationError("--events and --runs must be positive") }
    }

    func run() async throws {
        let terminal = Terminal()
        var results: [HubClientThroughputBenchmark.Result] = []
        for run in 1...runs {
            let result = try await HubClientThroughputBenchmark.run(events: events, transport: transport)
            results.append(result)
            if !json {
                terminal.print(
                    "run \(run): \(Int(result.eventsPerSecond)) events/s, "
                        + String(format: "%.1f MB/s", result.megabytesPerSecond)
                        + " (\(result.received) of \(result.published) events in "
                        + String(format: "%.3f s)", result.seconds))
            }
        }
        let byRate = results.sorted { $0.eventsPerSecond < $1.eventsPerSecond }
        let median = byRate[byRate.count / 2]
        let lost = results.map { $0.published - $0.received }.max() ?? 0
        if json {
            let figures: [String: Any] = [
                "benchmark": "hub-client-end-to-end", "transport": transport.rawValue, "events": events, "runs": runs,
                "medianEventsPerSecond": Int(median.eventsPerSecond),
                "medianMegabytesPerSecond": (median.megabytesPerSecond * 10).rounded() / 10,
                "eventsPerSecond": byRate.map { Int($0.eventsPerSecond) }, "maxEventsLost": lost,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
            terminal.print(String(decoding: data, as: UTF8.self))
        } else {
            terminal.print(
                "median: \(Int(median.eventsPerSecond)) events/s "
                    + String(format: "(%.1f MB/s)", median.megabytesPerSecond)
                    + " over \(runs) runs via \(transport); events lost in the worst run: \(lost)")
        }
    }
}
