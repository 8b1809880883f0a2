import Foundation
import GRDB
import Synchronization

/// Copies committed transactions from the write-ahead log into the database file in the background, from a connection
/// of its own.
///
/// Why: SQLite checkpoints automatically in the connection that commits, once the log passes 1,000 pages. That commit
/// then waits while the log's pages are copied and the database file is synced: several milliseconds, every second or
/// so at 50,000 events/s, and that was the whole p99 of event-to-outbox latency (5–6 ms with it, 1.7 ms without, on
/// this project's machine). The store turns automatic checkpoints off, and this checkpoints passively (never blocking
/// a writer) every `interval`. A writer that commits all the time keeps appending while a passive checkpoint runs, so
/// the log would never start over; once it holds more than `restartFrames` pages, one restarting checkpoint (which
/// holds writers back while it copies the few pages the passive ones left) lets the next commit start it again.
final class Checkpointer: Sendable {
    /// What a checkpoint found: the pages in the log and how many of them are in the database file.
    struct Result: Sendable, Equatable {
        var logPages: Int
        var copiedPages: Int
    }

    private let connection: Mutex<DatabaseQueue?>
    private let latest = Mutex<(runs: Int, result: Result?)>((0, nil))
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(
        path: String, configuration: Configuration, interval: Duration = .milliseconds(250),
        restartFrames: Int = 4096
    ) throws {
        connection = Mutex(try DatabaseQueue(path: path, configuration: configuration))
        let loop = Task.detached(priority: .utility) { [self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                checkpoint(restartFrames: restartFrames)
            }
        }
        task.withLock { $0 = loop }
    }

    /// Checkpoints so far, and what the latest found (for tests and diagnostics).
    var progress: (runs: Int, result: Result?) {
        latest.withLock { $0 }
    }

    /// Stops checkpointing and closes the connection, waiting for a checkpoint under way: call it before the
    /// database's file is closed or removed.
    func stop() {
        task.withLock { $0?.cancel() }
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
                if copied < log, log > restartFrames { (log, copied) = try db.checkpoint(.restart) }
                return Result(logPages: log, copiedPages: copied)
            }
            latest.withLock { $0 = ($0.runs + 1, result ?? $0.result) }
        }
    }
}
