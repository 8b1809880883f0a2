import ArgumentParser
import Foundation
import RuleEngine
import RuleLanguage

/// `mtrules check PATH...`: compile rule files and print every diagnostic.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files: print every error and warning with its position.",
        discussion: "Directories are searched recursively for *.rules files. Exits 1 when there are errors."
    )

    @Argument(help: "Rule files or directories to check.")
    var paths: [String] = ["rules"]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let terminal = Terminal()
        let (result, loadErrors) = RuleLoader.compile(paths: paths)
        for error in loadErrors { terminal.error(error.description) }
        if !loadErrors.isEmpty { throw ExitCode(ExitStatus.usage) }
        if result.files.isEmpty {
            terminal.error("error: no .rules files under \(paths.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        let renderer = DiagnosticRenderer(useColor: terminal.useColor)
        let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for diagnostic in result.diagnostics {
            terminal.print(renderer.render(diagnostic, source: sources[diagnostic.path]))
        }
        let errors = result.diagnostics.filter(\.isError).count
        let warnings = result.diagnostics.count - errors
        let ruleCount = result.ruleSet?.rules.count ?? 0
        let summary =
            "\(result.files.count) file\(result.files.count == 1 ? "" : "s"), \(ruleCount) rule\(ruleCount == 1 ? "" : "s"): "
            + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        terminal.print(summary)
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(ExitStatus.failures) }
    }
}
