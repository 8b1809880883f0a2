import AlertModel
import AlertStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The status HTTP server: the page a risk desk keeps open (`/`), its JSON (`/api/status`), Prometheus metrics
/// (`/metrics`), and the liveness and readiness probes (`/healthz`, `/readyz`). It binds to 127.0.0.1 unless told
/// otherwise; with a bearer token set, everything but `/healthz` needs it. A `Service`, so it runs in the runtime's
/// `ServiceGroup` and stops gracefully with it.
public final class StatusServer: Service, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (tests); `listeningPort()` says which.
        public var port: Int
        /// When set, every route but `/healthz` requires `Authorization: Bearer <token>`.
        public var bearerToken: String?
        /// How often the page reloads itself.
        public var refreshSeconds: Int

        public init(host: String = "127.0.0.1", port: Int = 9108, bearerToken: String? = nil, refreshSeconds: Int = 5) {
            self.host = host
            self.port = port
            self.bearerToken = bearerToken
            self.refreshSeconds = refreshSeconds
        }
    }

    public let configuration: Configuration
    public let status: RuntimeStatus
    private let alerts: @Sendable () async throws -> [StoredAlert]
    private let outbox: (@Sendable () async throws -> OutboxStatistics)?
    private let logger: Logger
    private let port = Mutex(PortState.waiting([]))

    private enum PortState {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(String)
    }

    /// - Parameters:
    ///   - status: what the runtime reports; its `metrics` are what `/metrics` serves.
    ///   - alerts: the store's current alerts (`store.activeAlerts`), read on every page, JSON and metrics request.
    ///   - outbox: the outbox statistics (`store.outboxStatistics`), for the page and the outbox gauges.
    public init(
        configuration: Configuration = Configuration(), status: RuntimeStatus,
        alerts: @escaping @Sendable () async throws -> [StoredAlert],
        outbox: (@Sendable () async throws -> OutboxStatistics)? = nil,
        logger: Logger = Logger(label: "mtrules.status", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.status = status
        self.alerts = alerts
        self.outbox = outbox
        self.logger = logger
    }

    /// Serves until the task is cancelled or the service group shuts down gracefully.
    public func run() async throws {
        let app = Application(
            router: makeRouter(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "mtrules-status"),
            onServerRunning: { [self] channel in listening(on: channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.run()
            finish("the status server stopped before it listened")
        } catch {
            let reason = "the status server could not listen on \(configuration.host):\(configuration.port): \(error)"
            finish(reason)
            throw StatusServerError(message: reason + "; give status.listen a free port, or set it to off")
        }
    }

    /// The port it listens on, once it does (the configured one, or the one picked for port 0).
    public func listeningPort() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            port.withLock { state in
                switch state {
                case .waiting(let waiters): state = .waiting(waiters + [continuation])
                case .bound(let port): continuation.resume(returning: port)
                case .failed(let reason): continuation.resume(throwing: StatusServerError(message: reason))
                }
            }
        }
    }

    private func listening(on bound: Int) {
        let waiters = port.withLock { state -> [CheckedContinuation<Int, any Error>] in
            defer { state = .bound(bound) }
            if case .waiting(let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume(returning: bound) }
    }

    private func finish(_ reason: String) {
        let waiters = port.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .failed(reason)
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: StatusServerError(message: reason)) }
    }

    // MARK: Routes

    private func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if let token = configuration.bearerToken {
            router.add(middleware: BearerTokenAuthentication(token: token))
        }
        router.get("/") { [self] _, _ in
            let page = StatusPage(snapshot: await snapshot(), refreshSeconds: configuration.refreshSeconds)
            return Self.text(page.render(), contentType: "text/html; charset=utf-8")
        }
        router.get("/api/status") { [self] _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(await snapshot())
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/metrics") { [self] _, _ in
            _ = await snapshot()
            return Self.text(status.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/healthz") { _, _ in
            Self.text("ok\n")
        }
        router.get("/readyz") { [status] _, _ in
            let readiness = status.readiness
            guard readiness.isReady else {
                let text = "not ready:\n" + readiness.reasons.map { "- \($0)\n" }.joined()
                return Self.text(text, status: .serviceUnavailable)
            }
            return Self.text("ready\n")
        }
        return router
    }

    /// Reads the store and combines it with the runtime's status; refreshes the alert and outbox gauges on the way,
    /// so a scrape always sees the store as it is.
    private func snapshot() async -> StatusSnapshot {
        var storeErrors: [String] = []
        var current: [StoredAlert] = []
        do {
            current = try await alerts()
            status.metrics.setAlertStates(current.map(\.state))
        } catch {
            storeErrors.append("alerts: \(error)")
        }
        var statistics: OutboxStatistics?
        if let outbox {
            do {
                let read = try await outbox()
                statistics = read
                status.metrics.setOutbox(read)
            } catch {
                storeErrors.append("outbox: \(error)")
            }
        }
        if !storeErrors.isEmpty {
            logger.warning("could not read the store for the status page", metadata: ["error": "\(storeErrors)"])
        }
        return status.snapshot(
            alerts: current, outbox: statistics,
            storeError: storeErrors.isEmpty ? nil : storeErrors.joined(separator: "; "))
    }

    private static func text(
        _ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> Response {
        Response(
            status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
