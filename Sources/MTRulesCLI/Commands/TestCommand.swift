import ArgumentParser
import Foundation
import RuleEngine
import RuleLanguage

/// `mtrules test PATH...`: run `.test` files and report each test.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule tests (*.test files): timelines of events with expectations on alerts and notifications.",
        discussion: "Directories are searched recursively for *.test files. Exits 1 when any test fails."
    )

    @Argument(help: "Test files or directories.")
    var paths: [String] = ["rules"]

    @Option(name: .customLong("filter"), help: "Run only tests whose name contains this text.")
    var filter: String?

    func run() throws {
        let terminal = Terminal()
        let (files, findErrors) = RuleLoader.files(in: paths, withExtension: "test")
        for error in findErrors { terminal.error(error.description) }
        if !findErrors.isEmpty { throw ExitCode(ExitStatus.usage) }
        if files.isEmpty {
            terminal.error("error: no .test files under \(paths.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        var runner = RuleTestRunner()
        var passed = 0
        var failed = 0
        var printed = Set<Diagnostic>()
        let renderer = DiagnosticRenderer(useColor: terminal.useColor)
        for path in files {
            let report = runner.run(testFile: path)
            terminal.print(terminal.paint(path, "1"))
            for error in report.loadErrors { terminal.print("  " + error) }
            let sources = Dictionary(report.sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            for diagnostic in report.diagnostics where printed.insert(diagnostic).inserted {
                terminal.print(renderer.render(diagnostic, source: sources[diagnostic.path]))
            }
            if report.diagnostics.contains(where: \.isError), report.outcomes.isEmpty {
                failed += 1
                terminal.print("  " + terminal.paint("✗", "31;1") + " the file has errors; no test ran")
                continue
            }
            for outcome in report.outcomes where filter.map({ outcome.name.contains($0) }) ?? true {
                if outcome.passed {
                    passed += 1
                    terminal.print("  " + terminal.paint("✓", "32") + " " + outcome.name)
                } else {
                    failed += 1
                    terminal.print("  " + terminal.paint("✗", "31;1") + " " + outcome.name)
                    for failure in outcome.failures {
                        terminal.print("      \(path):\(failure.location): \(failure.message)")
                        for line in failure.details { terminal.print("        " + line) }
                    }
                }
            }
        }
        terminal.print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(ExitStatus.failures) }
    }
}
