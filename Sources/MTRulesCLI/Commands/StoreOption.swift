import AlertStore
import ArgumentParser
import Foundation

/// `--store PATH`, shared by the commands that read the alert store; opening it refuses a path with no store, so a
/// typo does not create an empty one.
struct StoreOption: ParsableArguments {
    static let defaultPath = "mtrules-state/alerts.sqlite"

    @Option(name: .customLong("store"), help: "The alert store (SQLite) that mtrules run writes.")
    var path = StoreOption.defaultPath

    func open(terminal: Terminal) throws -> AlertStore {
        guard FileManager.default.fileExists(atPath: path) else {
            terminal.error(
                "error: no alert store at \(path): mtrules run creates it; pass --store with the path in its configuration"
            )
            throw ExitCode(ExitStatus.usage)
        }
        do {
            return try AlertStore(path: path)
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
