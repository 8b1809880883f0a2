import ArgumentParser
import Foundation

/// `mtrules`: the command tree. Commands parse arguments, call the libraries and print; they hold no logic.
@main
struct MTRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtrules",
        abstract: "Rules and alerts for MetaTrader 4/5 servers behind the CPlugin WebAPI.",
        discussion: """
            Exit codes: 0 ok, 1 rule or test failures, 2 usage or configuration errors.
            """,
        subcommands: [
            DemoCommand.self, RunCommand.self, CheckCommand.self, TestCommand.self, SimulateCommand.self,
            TailCommand.self,
            AlertsCommand.self,
            OutboxCommand.self,
            BenchCommand.self,
            ReplayCommand.self,
        ]
    )

    /// Runs the command, mapping argument errors to exit code 2 as the documentation promises.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == ExitCode.failure.rawValue {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}

/// The exit codes every command uses.
enum ExitStatus {
    static let ok: Int32 = 0
    static let failures: Int32 = 1
    static let usage: Int32 = 2
}
