import ArgumentParser
import Foundation
import Logging
import Runtime

/// `mtrules run`: the production service, configured by one YAML file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the rules against CPlugin in production, as configured in mtrules.yaml.",
        discussion: """
            Connects to every configured platform's hub, resyncs through REST, runs the rules, delivers from the \
            outbox, serves the status page and /metrics, and reloads the rules on SIGHUP or when a rule file \
            changes. SIGTERM or SIGINT stops it gracefully. See docs/operations.md and examples/.
            """
    )

    @Option(name: .customLong("config"), help: "The configuration file.")
    var configPath = "mtrules.yaml"

    @Flag(help: "Validate the configuration (and that its rules compile and its secrets resolve), then exit.")
    var checkConfig = false

    @Option(help: "Write the raw hub stream to this file as JSON lines (replay it with mtrules replay).")
    var record: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: the configuration's).")
    var logLevel: String?

    func run() async throws {
        let terminal = Terminal()
        let configuration: RuntimeConfiguration
        do {
            configuration = try RuntimeConfiguration.load(path: configPath)
        } catch {
            terminal.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        }
        if checkConfig {
            try check(configuration, terminal: terminal)
            return
        }
        let level = try logLevel.map(Self.level) ?? configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "mtrules")
        if !MallocHugePages.enabled() {
            logger.info(
                "malloc uses small pages; with many accounts set \(MallocHugePages.setting) (docs/operations.md)")
        }
        let runtime = ServiceRuntime(configuration: configuration, recordPath: record)
        do {
            try await runtime.run(logger: logger)
        } catch is CancellationError {
            return
        } catch let error as ConfigurationError {
            terminal.error("\(error)")
            throw ExitCode(ExitStatus.usage)
        } catch let failure as ServiceRuntime.Failure {
            terminal.error("error: \(failure)")
            throw ExitCode(ExitStatus.usage)
        } catch {
            // Startup problems (the store, the recording file) and a service failing for good (credentials refused).
            logger.critical("mtrules stopped: \(error)")
            throw ExitCode(ExitStatus.failures)
        }
    }

    private func check(_ configuration: RuntimeConfiguration, terminal: Terminal) throws {
        let problems = configuration.check()
        for problem in problems { terminal.error("\(problem)") }
        var failed = problems.contains { $0.isError }
        do {
            let ruleSet = try ServiceRuntime.compileRules(configuration.rulePaths)
            let undefined = ServiceRuntime.undefinedReceivers(in: ruleSet, configuration: configuration)
            for problem in undefined { terminal.error("\(configPath): error: \(problem)") }
            failed = failed || !undefined.isEmpty
            terminal.print(
                "rules: \(ruleSet.rules.count) compiled from \(configuration.rulePaths.joined(separator: ", "))")
        } catch {
            terminal.error("\(error)")
            failed = true
        }
        if failed { throw ExitCode(ExitStatus.usage) }
        terminal.print("\(configPath): configuration is valid")
    }

    static func level(_ text: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError(
                "unknown log level '\(text)': use trace, debug, info, notice, warning, error or critical")
        }
        return level
    }
}
