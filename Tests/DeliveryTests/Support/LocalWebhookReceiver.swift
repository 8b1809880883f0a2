import Foundation
import Hummingbird
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as the local receiver saw it.
struct ReceivedRequest: Sendable {
    var method: String
    /// With the query.
    var uri: String
    /// By lower-case name.
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }
    func json() throws -> JSONObject { try JSONObject(body) }
}

/// A webhook receiver on 127.0.0.1 (a free port) that records every request and answers as the test scripts: 200,
/// a 503 with `Retry-After`, a 400 with a reason, or no answer at all.
final class LocalWebhookReceiver: Sendable {
    let baseURL: String
    private let log: RequestLog
    private let task: Task<Void, any Error>

    var requests: [ReceivedRequest] { log.entries.withLock { $0 } }

    private init(baseURL: String, log: RequestLog, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.log = log
        self.task = task
    }

    deinit { task.cancel() }

    /// Starts a receiver; `respond` gets each request and its 0-based index.
    static func start(
        _ respond: @escaping @Sendable (ReceivedRequest, Int) async throws -> Response
    ) async throws -> LocalWebhookReceiver {
        let log = RequestLog()
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let received = ReceivedRequest(
                method: request.method.rawValue, uri: request.uri.description, headers: headers,
                body: Data(body.readableBytesView))
            let index = log.entries.withLock {
                $0.append(received)
                return $0.count - 1
            }
            return try await respond(received, index)
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "receiver"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw FixtureFailure("the receiver did not start") }
        return LocalWebhookReceiver(baseURL: "http://127.0.0.1:\(port)", log: log, task: task)
    }

    /// A receiver answering every request with `status`, `body` and `headers`.
    static func answering(
        _ status: HTTPResponse.Status, body: String = "", headers: HTTPFields = [:]
    ) async throws -> LocalWebhookReceiver {
        try await start { _, _ in answer(status, body: body, headers: headers) }
    }

    private final class RequestLog: Sendable {
        let entries = Mutex<[ReceivedRequest]>([])
    }

    static func answer(_ status: HTTPResponse.Status, body: String = "", headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
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
