import CPluginSimulator
import Foundation

/// A simulator on 127.0.0.1 with free ports, one per test, so network tests run in parallel against the real
/// OAuth, REST, sidecar and hub endpoints.
final class SimulatorFixture: Sendable {
    let server: SimulatorServer
    let endpoints: SimulatorEndpoints
    private let task: Task<Void, any Error>

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> SimulatorFixture {
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 20
        configure(&configuration)
        let server = SimulatorServer(configuration: configuration)
        let (stream, continuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw FixtureFailure("the simulator did not start") }
        return SimulatorFixture(server: server, endpoints: endpoints, task: task)
    }

    private init(server: SimulatorServer, endpoints: SimulatorEndpoints, task: Task<Void, any Error>) {
        self.server = server
        self.endpoints = endpoints
        self.task = task
    }

    deinit { task.cancel() }

    func stop() { task.cancel() }

    /// The MT4 platform's id as CPlugin writes GUIDs (lower case).
    var mt4: String { SimulatorServer.mt4PlatformID.uuidString.lowercased() }
    var mt5: String { SimulatorServer.mt5PlatformID.uuidString.lowercased() }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
