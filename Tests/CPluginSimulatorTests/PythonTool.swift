import Foundation
import Testing

/// Runs the Python reference tools in `Reference/`. A missing interpreter or package fails the test with what to
/// install; it never skips silently.
enum PythonTool {
    struct Output {
        var status: Int32
        var text: String
    }

    static func reference(_ name: String) -> String {
        let root = Bundle.module.path(forResource: "Reference", ofType: nil) ?? "Reference"
        return (root as NSString).appendingPathComponent(name)
    }

    /// Runs `script` with `arguments`, passing `input` as a JSON file path appended to the arguments. The wait happens
    /// on a Dispatch thread, so the tests running in parallel keep Swift concurrency's few threads.
    static func run(_ script: String, arguments: [String], input: Any? = nil) async throws -> Output {
        let json = try input.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(script, arguments: arguments, json: json) })
            }
        }
    }

    private static func runBlocking(_ script: String, arguments: [String], json: Data?) throws -> Output {
        var arguments = [reference(script)] + arguments
        if let json {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "mtrules-\(UUID().uuidString).json")
            try json.write(to: file)
            arguments.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw TestFailure("python3 is needed for the reference tools (\(error)); .ci/run installs it")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("ModuleNotFoundError") {
            throw TestFailure(
                "a Python package is missing; run: pip install -r Tests/CPluginSimulatorTests/Reference/requirements.txt\n\(text)"
            )
        }
        return Output(status: process.terminationStatus, text: text)
    }
}
