import Foundation
import Testing

@Suite("mtrules tail")
struct TailCommandTests {
    static let credentials = ["MTRULES_CLIENT_ID": "demo", "MTRULES_CLIENT_SECRET": "demo-secret"]

    @Test("it prints decoded events as JSON lines on stdout and connection changes on stderr")
    func printsEvents() async throws {
        let runner = try CommandRunner()
        let simulator = try BackgroundSimulator(runner: runner)
        let result = try await runner.run(
            [
                "tail", "--env", simulator.apiBaseURL, "--platform", "MT4-Demo", "--stream", "ticks", "--stream",
                "margin", "--duration", "2s",
            ], environment: Self.credentials)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("connected via WebSockets to \(simulator.apiBaseURL)"))
        let lines = result.output.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(["ticks", "margin"].contains(object?["stream"] as? String))
            #expect(object?["item"] is [String: Any])
        }
        #expect(lines.contains { $0.contains("\"stream\":\"margin\"") && $0.contains("\"level\":") })
        #expect(!result.error.contains("demo-secret") && !result.output.contains("demo-secret"))
    }

    @Test("after a dropped connection it reconnects and resyncs margin levels through REST")
    func resyncsAfterDrops() async throws {
        let runner = try CommandRunner()
        let simulator = try BackgroundSimulator(runner: runner, arguments: ["--faults", "drop-every=1s"])
        let result = try await runner.run(
            [
                "tail", "--env", simulator.apiBaseURL, "--platform", "mt4-demo", "--transport", "sse", "--duration",
                "3s",
            ],
            environment: Self.credentials)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("connected via ServerSentEvents"))
        #expect(result.error.contains("reconnected via ServerSentEvents"))
        #expect(result.error.contains("resynced: 50 accounts through MarginsGet"))
        #expect(result.output.contains("\"source\":\"resync\""))
    }

    @Test("wrong credentials are reported once, clearly, without the secret, with exit code 1")
    func wrongCredentials() async throws {
        let runner = try CommandRunner()
        let simulator = try BackgroundSimulator(runner: runner)
        let result = try await runner.run(
            ["tail", "--env", simulator.apiBaseURL, "--platform", "MT4-Demo"],
            environment: ["MTRULES_CLIENT_ID": "demo", "MTRULES_CLIENT_SECRET": "not-the-secret"])
        #expect(result.status == 1)
        #expect(result.error.contains("invalid_client"))
        #expect(!result.error.contains("not-the-secret"))
    }

    @Test(
        "bad arguments are usage errors (exit 2) that say what to do",
        arguments: [
            (["--hub", "v1", "--stream", "margin"], "the v1 hub carries ticks only"),
            (["--hub", "v1", "--stream", "ticks"], "add --symbol"),
            (["--stream", "quotes"], "quotes"),
            (["--transport", "carrier-pigeon"], "carrier-pigeon"),
            (["--env", "nowhere"], "nowhere"),
        ])
    func badArguments(_ arguments: [String], _ message: String) async throws {
        let runner = try CommandRunner()
        let result = try await runner.run(
            ["tail", "--platform", "MT4-Demo"] + arguments, environment: Self.credentials)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test("missing credentials are a usage error naming the variables to set")
    func missingCredentials() async throws {
        let runner = try CommandRunner()
        let result = try await runner.run(
            ["tail", "--env", "sandbox", "--platform", "x"],
            environment: ["MTRULES_CLIENT_ID": "", "MTRULES_CLIENT_SECRET": "", "MTRULES_CLIENT_SECRET_FILE": ""])
        #expect(result.status == 2)
        #expect(result.error.contains("MTRULES_CLIENT_ID"))
    }
}
