import Foundation
import GRDB
import Synchronization

/// Copies committed transactions from the write-ahead log into the database file in the background, from a connection
/// of its own.
///
/// Why: SQLite checkpoints automatically in the connection that commits, once the log passes 1,000 pages. That commit
/// then waits while the log's pages are copied and the database file is synced: several milliseconds, every second or
/// so at 50,000 events/s, and that was the whole p99 of event-to-outbox latency (5–6 ms with it, 1.7 ms without, on
/// this project's machine). The store leaves that to a far larger log, and this checkpoints passively (never blocking
/// a writer) every `interval`. A writer that commits all the time keeps appending while a passive checkpoint runs, so
/// the log would never start over; once it holds more than `restartFrames` pages, one restarting checkpoint (which
/// holds writers back while it copies the few pages the passive ones left) lets the next commit start it again. A
/// writer saturating the disk can still outrun the copying; past `commitCheckpointFrames` pages the committing
/// connection checkpoints as SQLite does by default, so the log stays bounded (256 MiB of 4 KiB pages).
final class Checkpointer: Sendable {
    /// The log's size in pages past which a commit checkpoints itself (`PRAGMA wal_autocheckpoint`).
    static let commitCheckpointFrames = 65_536

    /// What a checkpoint found: the pages in the log and how many of them are in the database file.
    struct Result: Sendable, Equatable {
        var logPages: Int
        var copiedPages: Int
    }

    private let connection: Mutex<DatabaseQueue?>
    private let latest = Mutex<(runs: Int, result: Result?)>((0, nil))
    private let stopped = Atomic<Bool>(false)

    init(
        path: String, configuration: Configuration, interval: Duration = .milliseconds(250),
        restartFrames: Int = 4096
    ) throws {
        connection = Mutex(try DatabaseQueue(path: path, configuration: configuration))
        // A thread of its own, not a task: a checkpoint blocks on disk writes, and under load the service's tasks
        // keep every thread of the concurrency pool busy, so a task would seldom get to run.
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: seconds)
                checkpoint(restartFrames: restartFrames)
            }
        }
        thread.name = "mtrules checkpoints"
        thread.start()
    }

    /// Checkpoints so far, and what the latest found (for tests and diagnostics).
    var progress: (runs: Int, result: Result?) {
        latest.withLock { $0 }
    }

    /// Stops checkpointing and closes the connection, waiting for a checkpoint under way: call it before the
    /// database's file is closed or removed.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        connection.withLock { queue in
            try? queue?.close()
            queue = nil
        }
    }

    private func checkpoint(restartFrames: Int) {
        connection.withLock { queue in
            guard let queue else { return }
            // A checkpoint that cannot run now (another one under way, a writer holding the log) runs next time.
            let result = try? queue.writeWithoutTransaction { db -> Result in
                var (log, copied) = try db.checkpoint(.passive)
                if copied < log, log > restartFrames {
                    // A restart needs a moment without a writer: it waits (up to a second) for the transaction under
                    // way to end, and holds the next one back while it copies what is left and syncs.
                    try db.execute(sql: "PRAGMA busy_timeout = 1000")
                    defer { try? db.execute(sql: "PRAGMA busy_timeout = 0") }
                    (log, copied) = try db.checkpoint(.restart)
                }
                return Result(logPages: log, copiedPages: copied)
            }
            latest.withLock { $0 = ($0.runs + 1, result ?? $0.result) }
        }
    }
}
