import CPluginSimulator
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A simulator on 127.0.0.1 with free ports, one per test, and a small HTTP client for it.
final class TestSimulator: Sendable {
    let server: SimulatorServer
    let endpoints: SimulatorEndpoints
    private let task: Task<Void, any Error>

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> TestSimulator {
        var configuration = SimulatorConfiguration()
        configuration.market.accounts = 20
        configure(&configuration)
        let server = SimulatorServer(configuration: configuration)
        let (stream, continuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw TestFailure("the simulator did not start") }
        return TestSimulator(server: server, endpoints: endpoints, task: task)
    }

    private init(server: SimulatorServer, endpoints: SimulatorEndpoints, task: Task<Void, any Error>) {
        self.server = server
        self.endpoints = endpoints
        self.task = task
    }

    deinit { task.cancel() }

    func stop() { task.cancel() }

    var mt4: String { SimulatorServer.mt4PlatformID.uuidString.lowercased() }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw TestFailure("the body is not a JSON object: \(text)")
            }
            return object
        }
    }

    func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            fields[String(describing: name).lowercased()] = String(describing: value)
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// A fresh token for the default credentials.
    func token() async throws -> String {
        let reply = try await request(
            "POST", endpoints.tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&scope=webapi&client_id=demo&client_secret=demo-secret".utf8))
        guard reply.status == 200, let token = try reply.json()["access_token"] as? String else {
            throw TestFailure("no token: \(reply.status) \(reply.text)")
        }
        return token
    }

    func get(_ path: String, token: String?) async throws -> Reply {
        try await request(
            "GET", endpoints.apiBaseURL + path, headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
