import Logging
import ServiceLifecycle

/// The engine as a service: fires its timers from the wall clock, saves a full snapshot of its state every
/// `snapshotInterval` (windows and related state change with every event; transitions and notifications are saved
/// as they happen), and saves a last snapshot on graceful shutdown, after the feeds have stopped.
public struct EngineHost: Service {
    public let engine: EngineService
    public let snapshotInterval: Duration
    public let logger: Logger
    /// Runs every `refreshInterval`: reads the engine's counters into the status page and metrics.
    public let refresh: @Sendable () async -> Void
    public let refreshInterval: Duration

    public init(
        engine: EngineService, snapshotInterval: Duration, logger: Logger, refreshInterval: Duration = .seconds(2),
        refresh: @escaping @Sendable () async -> Void = {}
    ) {
        self.engine = engine
        self.snapshotInterval = snapshotInterval
        self.logger = logger
        self.refresh = refresh
        self.refreshInterval = refreshInterval
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.runClock() }
            group.addTask {
                while true {
                    try await Task.sleep(for: snapshotInterval)
                    await save("periodic")
                }
            }
            group.addTask {
                while true {
                    await refresh()
                    try await Task.sleep(for: refreshInterval)
                }
            }
            group.addTask {
                try await gracefulShutdown()
                throw CancellationError()
            }
            do {
                _ = try await group.next()
            } catch is CancellationError {}
            group.cancelAll()
        }
        await save("shutdown")
    }

    private func save(_ reason: String) async {
        do {
            let size = try await engine.saveSnapshot()
            logger.debug("engine state saved", metadata: ["reason": "\(reason)", "bytes": "\(size)"])
        } catch {
            logger.error(
                "could not save the engine state; alerts keep running, a restart would lose window contents",
                metadata: ["error": "\(error)"])
        }
    }
}
