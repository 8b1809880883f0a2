import Foundation
import Testing

@testable import CPluginSimulator

/// Python SignalR clients that are not ours (`pysignalr`, `signalrcore` from PyPI) against the hubs on a free port:
/// they negotiate without `negotiateVersion`, handshake, stream `StreamTicks` or subscribe to `OnTick`, and print
/// what they receive as JSON lines. A missing interpreter or package fails the test with the install command.
@Suite("Hub reference clients", .serialized)
struct HubReferenceClientTests {
    @Test("pysignalr streams StreamTicks over WebSockets")
    func pysignalrStream() async throws {
        try await run("hub_pysignalr.py", module: "pysignalr", ["--mode", "stream"], expecting: "item")
    }

    @Test("pysignalr reconnects when the server drops it and streams again each time")
    func pysignalrReconnects() async throws {
        try await run(
            "hub_pysignalr.py", module: "pysignalr", ["--mode", "stream", "--reconnects", "2", "--retries", "10"],
            expecting: "item", faults: FaultPlan(dropEvery: 1))
    }

    @Test("pysignalr keeps streaming through server pings every 100 ms")
    func pysignalrPings() async throws {
        var options = HubOptions.testing
        options.keepAliveInterval = .milliseconds(100)
        try await run(
            "hub_pysignalr.py", module: "pysignalr", ["--mode", "stream"], expecting: "item", count: 50,
            options: options)
    }

    @Test("pysignalr subscribes to ticks and receives OnTick")
    func pysignalrSubscribe() async throws {
        try await run("hub_pysignalr.py", module: "pysignalr", ["--mode", "subscribe"], expecting: "tick")
    }

    @Test("signalrcore streams StreamTicks", arguments: ["websockets", "sse", "longpolling"])
    func signalrcoreStream(transport: String) async throws {
        try await run(
            "hub_signalrcore.py", module: "signalrcore", ["--transport", transport, "--mode", "stream"],
            expecting: "item")
    }

    @Test("signalrcore subscribes to ticks and receives OnTick", arguments: ["websockets", "sse", "longpolling"])
    func signalrcoreSubscribe(transport: String) async throws {
        try await run(
            "hub_signalrcore.py", module: "signalrcore", ["--transport", transport, "--mode", "subscribe"],
            expecting: "tick")
    }

    /// Runs a reference client against a fresh server that publishes an EURUSD tick every 20 ms, and checks it
    /// received the connection status and `count` ticks.
    private func run(
        _ script: String, module: String, _ arguments: [String], expecting event: String, count: Int = 5,
        faults: FaultPlan = .none, options: HubOptions = .testing
    ) async throws {
        try await HubPython.require(module)
        var options = options
        // signalrcore's long-polling client hands over one message per poll, so short polls keep it moving.
        options.longPollTimeout = .milliseconds(300)
        try await withHubServer(options: options) { environment, port in
            environment.setFaults(faults)
            let publisher = Task {
                var step = 0
                while !Task.isCancelled {
                    environment.mt4Events.publish([hubTick("EURUSD", bid: 1.1 + Double(step) / 10_000)])
                    step += 1
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            defer { publisher.cancel() }
            let output = try await HubPython.run(
                [
                    HubPython.script(script), "--url", "http://127.0.0.1:\(port)/hubs/mt4/v2?\(environment.mt4Query)",
                    "--token", HubTestEnvironment.token, "--count", String(count), "--timeout", "30",
                ] + arguments, timeout: .seconds(60))
            #expect(output.status == 0, "\(script) \(arguments) failed:\n\(output.text)")
            let events = output.events
            #expect(
                events.contains { $0["event"]?.string == "status" && $0["data"]?["connected"] == .bool(true) },
                "no OnConnectionStatus:\n\(output.text)")
            let received = events.filter { $0["event"]?.string == event }
            #expect(received.count >= count, "\(output.text)")
            #expect(received.allSatisfy { $0["data"]?["symbol"]?.string == "EURUSD" }, "\(output.text)")
            #expect(received.allSatisfy { $0["data"]?["bid"]?.number != nil }, "\(output.text)")
            if let reconnects = arguments.firstIndex(of: "--reconnects").map({ Int(arguments[$0 + 1]) ?? 0 }) {
                let opens = events.filter { $0["event"]?.string == "open" }.count
                #expect(opens == reconnects + 1, "expected \(reconnects) reconnections:\n\(output.text)")
            }
        }
    }
}

/// Runs Python with the reference scripts, without blocking a Swift concurrency thread (the server under test
/// runs on the same small pool).
enum HubPython {
    /// What CI must install for these tests.
    static let pipCommand = "python3 -m pip install pysignalr==1.3.3 signalrcore==1.0.2"

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        var text: String { stdout + stderr }

        /// The JSON lines the script printed.
        var events: [HubJSONValue] {
            stdout.split(separator: "\n").compactMap { line in
                try? JSONDecoder().decode(HubJSONValue.self, from: Data(line.utf8))
            }
        }
    }

    static func script(_ name: String) -> String {
        if let root = Bundle.module.path(forResource: "Reference", ofType: nil) {
            return (root as NSString).appendingPathComponent(name)
        }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Reference").appendingPathComponent(name).path
    }

    /// Fails with the install command unless `python3` can import `module`.
    static func require(_ module: String) async throws {
        let output: Output
        do {
            output = try await run(["-c", "import \(module)"], timeout: .seconds(60))
        } catch {
            throw HubTestFailure(
                "python3 is required for the reference-client tests (\(error)); install it, then: \(pipCommand)")
        }
        guard output.status == 0 else {
            throw HubTestFailure(
                "the Python package '\(module)' is missing; install the reference clients with: \(pipCommand)\n\(output.text)"
            )
        }
    }

    private final class Running: @unchecked Sendable {
        let process = Process()
    }

    static func run(_ arguments: [String], timeout: Duration) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory
        let stdoutURL = directory.appendingPathComponent("hub-python-\(UUID().uuidString).out")
        let stderrURL = directory.appendingPathComponent("hub-python-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let running = Running()
        let process = running.process
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice

        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if running.process.isRunning { running.process.terminate() }
        }
        defer { watchdog.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Output(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }
}
