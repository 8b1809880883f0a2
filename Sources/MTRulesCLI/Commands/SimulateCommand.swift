import ArgumentParser
import CPluginSimulator
import Foundation
import Logging

/// `mtrules simulate`: a local CPlugin WebAPI with a live market, for development, demos and load.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a local CPlugin WebAPI (OAuth, REST v2, x86 sidecar, SignalR hubs) over a simulated market.",
        discussion: """
            Prints the base URLs and credentials, then serves until interrupted (or --duration).
            Faults: drop-every=5s, drop-after=N, delay=50ms, rest-5xx=10%, rest-timeout=5%, token-ttl=20s,
            refuse-negotiate=N|all, refuse-websockets, stall-after=10s (comma-separated).
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of the API, OAuth and hubs (0 picks a free port).")
    var port = 8300

    @Option(
        name: .customLong("sidecar-port"), help: "Port of the x86 sidecar (MailSend, NewsSend); 0 picks a free port.")
    var sidecarPort = 8301

    @Option(help: "Seed of the simulated market: the same seed gives the same market.")
    var seed: UInt64 = 1

    @Option(help: "Number of simulated accounts.")
    var accounts = 50

    @Option(help: "Number of simulated symbols.")
    var symbols = 12

    @Option(help: "A scenario file scripting events at times (see docs/simulator.md).")
    var scenario: String?

    @Flag(name: .customLong("demo-scenario"), help: "Run the built-in demo scenario, which trips the shipped rules.")
    var demoScenario = false

    @Option(help: "Faults to inject, e.g. drop-every=5s,rest-5xx=10%.")
    var faults: String?

    @Option(name: .customLong("client-id"), help: "OAuth client id to accept.")
    var clientID = "demo"

    @Option(name: .customLong("client-secret"), help: "OAuth client secret to accept.")
    var clientSecret = "demo-secret"

    @Option(name: .customLong("token-lifetime"), help: "Lifetime of issued tokens, e.g. 1h.")
    var tokenLifetime = DurationArgument(argument: "1h")!

    @Option(help: "Stop by itself after this long, e.g. 60s.")
    var duration: DurationArgument?

    func validate() throws {
        guard (0...65_535).contains(port), (0...65_535).contains(sidecarPort) else {
            throw ValidationError("ports must be between 0 and 65535")
        }
        guard accounts > 0, accounts <= 1_000_000 else { throw ValidationError("--accounts must be 1 to 1000000") }
        guard symbols > 0 else { throw ValidationError("--symbols must be at least 1") }
        if scenario != nil, demoScenario { throw ValidationError("give --scenario or --demo-scenario, not both") }
    }

    func run() async throws {
        let terminal = Terminal()
        var configuration = SimulatorConfiguration(
            host: host, port: port, sidecarPort: sidecarPort,
            credentials: .init(clientID: clientID, clientSecret: clientSecret), tokenLifetime: tokenLifetime.seconds)
        configuration.market.seed = seed
        configuration.market.accounts = accounts
        configuration.market.symbols = symbols
        do {
            if let faults { configuration.faults = try FaultPlan.parse(faults) }
            if let scenario {
                guard let text = try? String(contentsOfFile: scenario, encoding: .utf8) else {
                    terminal.error("\(scenario): error: cannot read the scenario file")
                    throw ExitCode(ExitStatus.usage)
                }
                configuration.scenario = try ScenarioParser.parse(text, path: scenario)
            } else if demoScenario {
                configuration.scenario = try ScenarioParser.parse(DemoScenario.text, path: "<demo scenario>")
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as ScenarioError {
            // Already `file:line:col: error: message`.
            terminal.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        let server = SimulatorServer(configuration: configuration)
        let credentials = configuration.credentials
        let serverTask = Task {
            var logger = Logger(label: "mtrules.simulator")
            logger.logLevel = .warning
            try await server.run(logger: logger) { endpoints in
                terminal.print("CPlugin simulator running")
                terminal.print("  API and hubs:  \(endpoints.apiBaseURL)")
                terminal.print("  token:         \(endpoints.tokenURL)")
                terminal.print(
                    "  x86 sidecar:   \(endpoints.sidecarBaseURL)   (sent mail: \(endpoints.sidecarBaseURL)/sim/mail)")
                terminal.print("  client id:     \(credentials.clientID)")
                terminal.print("  client secret: \(credentials.clientSecret)")
                for platform in endpoints.platforms {
                    terminal.print(
                        "  platform:      \(platform.name) (\(platform.type.rawValue)) \(platform.id.uuidString.lowercased())"
                    )
                }
            }
        }
        let signals = await SignalWatcher.interrupts()
        let stopper = Task {
            if let duration {
                try? await Task.sleep(for: .seconds(duration.seconds))
            } else {
                for await _ in signals { break }
            }
            serverTask.cancel()
        }
        do {
            try await serverTask.value
        } catch is CancellationError {
        } catch {
            terminal.error("error: \(error)")
            stopper.cancel()
            throw ExitCode(ExitStatus.usage)
        }
        stopper.cancel()
    }
}
