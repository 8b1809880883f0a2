import CPluginSimulator
import Foundation
import Logging
import Testing

/// A simulated CPlugin inside the test process, so a test reads what the service sent (mail, webhooks) directly and
/// scripts the market, while `mtrules run` runs as the separate process an operator starts, stops and kills.
final class InProcessSimulator: Sendable {
    let server: SimulatorServer
    let endpoints: SimulatorEndpoints
    private let task: Task<Void, any Error>

    init(scenario: String, faults: FaultPlan = .none) async throws {
        var configuration = SimulatorConfiguration()
        configuration.scenario = try ScenarioParser.parse(scenario, path: "test.scenario")
        configuration.faults = faults
        let server = SimulatorServer(configuration: configuration)
        let (ready, input) = AsyncStream<SimulatorEndpoints>.makeStream()
        task = Task {
            try await server.run(logger: Logger(label: "sim", factory: { _ in SwiftLogNoOpLogHandler() })) {
                input.yield($0)
            }
        }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw SimulatorDidNotStart() }
        self.server = server
        self.endpoints = endpoints
    }

    deinit { task.cancel() }

    struct SimulatorDidNotStart: Error {}

    /// MT4 mail sent to `login` with this subject.
    func mails(to login: Int, subject: String) -> Int {
        server.mailbox.mail.filter { $0.request.logins?.contains(login) == true && $0.request.subject == subject }.count
    }

    /// The configuration file a service needs to watch this simulator's MT4 platform.
    func configuration(rules: String, store: String, extra: String = "") -> String {
        """
        api:
          urls: [\(endpoints.apiBaseURL)]
          tokenURL: \(endpoints.tokenURL)
          sidecarURL: \(endpoints.sidecarBaseURL)
        credentials:
          clientID: demo
          clientSecret: {env: MTRULES_TEST_SECRET}
        platforms: [MT4-Demo]
        rules: [\(rules)]
        watchRules: false
        store: \(store)
        status:
          listen: 127.0.0.1:0
        log:
          level: info
        \(extra)
        """
    }
}

/// `mtrules run` as a child process: its log goes to a file the test reads while it runs.
final class ServiceProcess: @unchecked Sendable {
    let process = Process()
    let logURL: URL

    init(runner: CommandRunner, arguments: [String], name: String = "service") throws {
        logURL = runner.directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = runner.directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["MTRULES_TEST_SECRET"] = "demo-secret"
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end (on a Dispatch thread, not one of Swift concurrency's) and returns its status.
    func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes: the service and the market run on their own clocks, so
/// there is no clock to inject here.
func eventually(
    _ what: String, timeout: Duration = .seconds(40), _ condition: () throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    throw TimedOut(what: what)
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
