import AsyncHTTPClient
import CPluginClient
import CPluginSimulator
import Foundation
import Hummingbird
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A monotonic clock a test moves by hand, for token expiry without waiting.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in start + offset.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}

/// Records the backoff waits a retry policy asks for and returns at once, so retry tests run without sleeping.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    func policy(maxAttempts: Int, initialDelay: Duration = .milliseconds(100)) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, initialDelay: initialDelay, maxDelay: .seconds(5), multiplier: 2, jitter: 0.5,
            maxRetryAfter: .seconds(30)
        ) { [self] duration in
            waits.withLock { $0.append(duration) }
            await Task.yield()
        }
    }
}

/// A request as a stub server saw it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    /// By lower-case name.
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A local HTTP server whose answers a test scripts: a host answering 503, a token endpoint failing twice, a proxy
/// counting the requests it forwards. It records every request.
final class StubServer: Sendable {
    let baseURL: String
    private let log: RequestLog
    private let task: Task<Void, any Error>

    var requests: [RecordedRequest] { log.entries.withLock { $0 } }
    var url: URL { URL(string: baseURL)! }

    private init(baseURL: String, log: RequestLog, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.log = log
        self.task = task
    }

    deinit { task.cancel() }

    /// Starts a server on 127.0.0.1 with a free port; `respond` gets each request and its 0-based index.
    static func start(
        _ respond: @escaping @Sendable (RecordedRequest, Int) async throws -> Response
    ) async throws -> StubServer {
        let log = RequestLog()
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.description, headers: headers,
                body: String(buffer: body))
            return try await respond(recorded, log.append(recorded))
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "stub"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "stub", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw FixtureFailure("the stub server did not start") }
        return StubServer(baseURL: "http://127.0.0.1:\(port)", log: log, task: task)
    }

    private final class RequestLog: Sendable {
        let entries = Mutex<[RecordedRequest]>([])

        func append(_ request: RecordedRequest) -> Int {
            entries.withLock {
                $0.append(request)
                return $0.count - 1
            }
        }
    }

    /// A server answering every request with this status.
    static func answering(_ status: HTTPResponse.Status) async throws -> StubServer {
        try await start { _, _ in Response(status: status) }
    }

    /// A reverse proxy to `target` that records (and so counts) what passes through it.
    static func proxy(to target: String) async throws -> StubServer {
        try await start { request, _ in
            var forwarded = HTTPClientRequest(url: target + request.path)
            forwarded.method = .init(rawValue: request.method)
            for (name, value) in request.headers where !["host", "content-length"].contains(name.lowercased()) {
                forwarded.headers.add(name: name, value: value)
            }
            if !request.body.isEmpty { forwarded.body = .bytes(ByteBuffer(string: request.body)) }
            let answer = try await HTTPClient.shared.execute(forwarded, timeout: .seconds(30))
            let body = try await answer.body.collect(upTo: 1 << 24)
            var headers = HTTPFields()
            if let type = answer.headers.first(name: "Content-Type") { headers[.contentType] = type }
            return Response(
                status: .init(code: Int(answer.status.code)), headers: headers, body: .init(byteBuffer: body))
        }
    }

    /// A JSON response.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Runs `body` with an `HTTPClient` in the configuration recommended for failover, shutting it down afterwards
/// (AsyncHTTPClient requires that before the client goes away).
func withRecommendedHTTPClient<Result>(_ body: (HTTPClient) async throws -> Result) async throws -> Result {
    let client = HTTPClient(configuration: CPluginRestClient.recommendedHTTPClientConfiguration())
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// A port on 127.0.0.1 that refuses connections: bound and never listened on. The socket stays open until the test
/// process ends, so no other test's server can be given the port meanwhile (closing it let a parallel test's server
/// take the port, and a "down" server answered).
func closedPort() throws -> Int {
    #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw FixtureFailure("socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw FixtureFailure("bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw FixtureFailure("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension SimulatorFixture {
    /// The simulator's demo credentials.
    var credentials: ClientCredentials {
        ClientCredentials(
            clientID: TokenIssuer.Credentials.demo.clientID, clientSecret: TokenIssuer.Credentials.demo.clientSecret)
    }

    var apiURL: URL { URL(string: endpoints.apiBaseURL)! }
    var sidecarURL: URL { URL(string: endpoints.sidecarBaseURL)! }
    var tokenURL: URL { URL(string: endpoints.tokenURL)! }
    var mt4ID: UUID { SimulatorServer.mt4PlatformID }

    /// The simulator as an environment: its API (after any `before` hosts), its token endpoint and its sidecar.
    func environment(before: [URL] = []) throws -> CPluginEnvironment {
        try .custom(apiBaseURLs: before + [apiURL], tokenEndpoint: .url(tokenURL), sidecarBaseURL: sidecarURL)
    }

    func tokenProvider(
        retry: RetryPolicy = .never, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) -> TokenProvider {
        TokenProvider(
            credentials: credentials, endpoint: .url(tokenURL), configuration: .init(retry: retry), now: now)
    }

    /// A REST client for the simulator with fast, recorded retries.
    func restClient(
        before: [URL] = [], retry: RetryPolicy, timeout: Duration = .seconds(10), tokens: TokenProvider? = nil,
        failbackAfter: Duration = .seconds(300), httpClient: HTTPClient = .shared
    ) throws -> CPluginRestClient {
        CPluginRestClient(
            environment: try environment(before: before), tokens: tokens ?? tokenProvider(),
            configuration: .init(timeout: timeout, retry: retry, failbackAfter: failbackAfter), httpClient: httpClient)
    }
}
