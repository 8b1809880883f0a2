import Foundation
import Testing

@Suite("mtrules simulate")
struct SimulateCommandTests {
    @Test("it prints where it listens and the credentials, then stops by itself after --duration")
    func runs() async throws {
        let cli = try CommandRunner()
        let result = try await cli.run("simulate", "--port", "0", "--sidecar-port", "0", "--duration", "1s")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("CPlugin simulator running\n"))
        #expect(result.output.contains("  API and hubs:  http://127.0.0.1:"))
        #expect(result.output.contains("  client id:     demo\n  client secret: demo-secret\n"))
        #expect(result.output.contains("platform:      MT4-Demo (MT4) 6f1c2a3e-0000-4000-8000-000000000004"))
    }

    @Test("a bad scenario file is reported with file:line:col and exit code 2")
    func badScenario() async throws {
        let cli = try CommandRunner()
        try cli.write("bad.scenario", "at 5s move EURUSD -3% over 10s\nat 7x open 1005 buy 60 XAUUSD\n")
        let result = try await cli.run("simulate", "--scenario", "bad.scenario", "--port", "0", "--sidecar-port", "0")
        #expect(result.status == 2)
        #expect(result.error == "bad.scenario:2:4: error: expected a time such as 30s, 5m or 1h30m, found '7x'\n")
    }

    @Test(
        "bad flags are usage errors that name the problem",
        arguments: [
            (["--faults", "drop-every=5x"], "bad fault 'drop-every=5x'"),
            (["--accounts", "0"], "--accounts must be 1 to 1000000"),
            (["--scenario", "missing.scenario"], "missing.scenario: error: cannot read the scenario file"),
            (["--duration", "soon"], "soon"),
        ])
    func badFlags(_ arguments: [String], _ message: String) async throws {
        let cli = try CommandRunner()
        let result = try await cli.run(["simulate", "--port", "0", "--sidecar-port", "0"] + arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }
}
