import Foundation
import Testing

/// Runs the built `mtrules` executable as a user would, in a scratch directory of its own.
struct CommandRunner {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The `mtrules` binary SwiftPM built beside this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test bundle is `mtrulesPackageTests.xctest`, an executable in the products directory.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mtrules").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("mtrules")
    }

    func write(_ name: String, _ text: String) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func run(_ arguments: String...) async throws -> Result {
        try await run(arguments)
    }

    /// Runs the command and waits for it without holding one of Swift concurrency's few threads for its whole run:
    /// the wait happens on a Dispatch thread, so other tests running in parallel keep theirs.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, environment: extra) })
            }
        }
    }

    private func runBlocking(_ arguments: [String], environment extra: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }
}

/// `mtrules simulate` on free ports in the background, for commands that need a CPlugin to talk to.
final class BackgroundSimulator {
    let process = Process()
    let apiBaseURL: String

    init(runner: CommandRunner, arguments: [String] = []) throws {
        process.executableURL = CommandRunner.executable
        process.arguments = ["simulate", "--port", "0", "--sidecar-port", "0", "--duration", "60s"] + arguments
        process.currentDirectoryURL = runner.directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The banner's first lines say where it listens.
        var text = ""
        while !text.contains("token:") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("API and hubs:") }),
            let url = line.split(separator: " ").last
        else {
            process.terminate()
            throw SimulatorDidNotStart(output: text)
        }
        apiBaseURL = String(url)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    struct SimulatorDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "mtrules simulate did not start: \(output)" }
    }
}
