import AlertModel
import CPluginClient
import Dispatch
import Foundation
import Logging
import Synchronization

/// Appends a recording of the live hub stream to a file, from any number of tasks at once. Lines are buffered in
/// memory and written on a queue of the writer's own, so a slow disk never stalls the hub; the buffer goes to disk
/// every `flushLines` lines, at least every `flushInterval`, and on `close`. A failing disk is reported to the
/// logger once and recording stops; the service goes on without it.
///
/// Lines are written in the order `write` is called: for a replay that matches the live run, call it where the
/// event enters the engine, in the engine's order (see docs/replay.md).
public final class RecordingWriter: Sendable {
    public let path: String
    private let flushLines: Int
    private let flushInterval: Duration
    private let logger: Logger
    private let buffer: Mutex<Buffer>
    private let file: Mutex<FileState>
    private let io: DispatchQueue
    private let flusher: Mutex<Task<Void, Never>?>

    private struct Buffer {
        var bytes: [UInt8] = []
        var lines = 0
        var lastFlush = ContinuousClock.now
        /// A clock advance not written yet: consecutive advances with nothing between them replay as the last one,
        /// so only that one is written, before the next data line or at the next flush.
        var pendingClock: Timestamp?
        var closed = false
    }

    private struct FileState {
        var handle: FileHandle?
        var failed = false
    }

    /// Creates (or appends to) the file at `path`, creating its directories, and writes the header line.
    /// - Throws: `RecordingError` when the file cannot be created or opened.
    public init(
        path: String, header: RecordingHeader = RecordingHeader(started: EngineService.wallClock(), host: hostName()),
        flushLines: Int = 1000, flushInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "mtrules.recording")
    ) throws(RecordingError) {
        self.path = path
        self.flushLines = max(1, flushLines)
        self.flushInterval = flushInterval
        self.logger = logger
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !manager.fileExists(atPath: path) {
                guard manager.createFile(atPath: path, contents: nil) else {
                    throw RecordingError(path: path, message: "cannot create the recording file")
                }
            }
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            file = Mutex(FileState(handle: handle))
        } catch let error as RecordingError {
            throw error
        } catch {
            throw RecordingError(
                path: path,
                message: "cannot open the recording for writing (\(error.localizedDescription)); "
                    + "check that the directory exists and is writable")
        }
        buffer = Mutex(Buffer(bytes: RecordingLine.header(header).encoded(), lines: 1))
        io = DispatchQueue(label: "mtrules.recording.io")
        flusher = Mutex(nil)
        startFlusher()
    }

    deinit {
        flusher.withLock { $0?.cancel() }
    }

    /// This machine's name, for the header.
    public static func hostName() -> String { ProcessInfo.processInfo.hostName }

    /// Appends one line. Never throws: write failures are logged once and recording stops.
    public func write(_ line: RecordingLine) {
        let encoded = line.encoded()
        let ready: [UInt8]? = buffer.withLock { buffer in
            guard !buffer.closed else { return nil }
            if let clock = buffer.pendingClock {
                buffer.bytes += RecordingLine.clock(clock).encoded()
                buffer.pendingClock = nil
                buffer.lines += 1
            }
            buffer.bytes += encoded
            buffer.lines += 1
            return buffer.lines >= flushLines ? Self.take(&buffer) : nil
        }
        if let ready { enqueue(ready) }
    }

    /// Appends a payload the hub sent, verbatim.
    public func write(_ stream: RecordedStream, payload: RawJSON, platform: String, at time: Timestamp) {
        write(.hub(stream, payload: payload, platform: platform, at: time))
    }

    /// Notes that the live engine's clock advanced to `time` (call it after `EngineService.tick`).
    public func clock(at time: Timestamp) {
        buffer.withLock { buffer in
            guard !buffer.closed else { return }
            buffer.pendingClock = max(buffer.pendingClock ?? time, time)
        }
    }

    /// Hands everything buffered to the disk queue now.
    public func flush() {
        let ready = buffer.withLock { buffer -> [UInt8]? in
            if let clock = buffer.pendingClock {
                buffer.bytes += RecordingLine.clock(clock).encoded()
                buffer.pendingClock = nil
            }
            return buffer.bytes.isEmpty ? nil : Self.take(&buffer)
        }
        if let ready { enqueue(ready) }
    }

    /// Writes the `end` line (when given: the time the live engine last advanced to), flushes, waits for the disk
    /// and closes the file. Later writes are ignored.
    public func close(endingAt end: Timestamp? = nil) {
        flusher.withLock {
            $0?.cancel()
            $0 = nil
        }
        let ready = buffer.withLock { buffer -> [UInt8]? in
            guard !buffer.closed else { return nil }
            if let clock = buffer.pendingClock, end == nil {
                buffer.bytes += RecordingLine.clock(clock).encoded()
            }
            buffer.pendingClock = nil
            if let end { buffer.bytes += RecordingLine.end(end).encoded() }
            buffer.closed = true
            return Self.take(&buffer)
        }
        if let ready { enqueue(ready) }
        io.sync {
            file.withLock { state in
                if let handle = state.handle, !state.failed {
                    do {
                        try handle.synchronize()
                        try handle.close()
                    } catch {
                        report(error, state: &state)
                    }
                }
                state.handle = nil
            }
        }
    }

    private static func take(_ buffer: inout Buffer) -> [UInt8] {
        defer {
            buffer.bytes = []
            buffer.bytes.reserveCapacity(64 * 1024)
            buffer.lines = 0
            buffer.lastFlush = .now
        }
        return buffer.bytes
    }

    private func enqueue(_ bytes: [UInt8]) {
        io.async {
            self.file.withLock { state in
                guard let handle = state.handle, !state.failed else { return }
                do {
                    try handle.write(contentsOf: bytes)
                } catch {
                    self.report(error, state: &state)
                }
            }
        }
    }

    private func report(_ error: any Error, state: inout FileState) {
        guard !state.failed else { return }
        state.failed = true
        logger.error(
            "recording stopped: cannot write to the recording file; the service goes on without recording",
            metadata: ["path": "\(path)", "error": "\(error.localizedDescription)"])
    }

    private func flushIfDue() {
        let due = buffer.withLock { ContinuousClock.now - $0.lastFlush >= flushInterval }
        if due { flush() }
    }

    /// Flushes on time when lines trickle in too slowly to fill `flushLines`.
    private func startFlusher() {
        let interval = flushInterval
        let task = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval / 2)
                guard let self else { return }
                self.flushIfDue()
            }
        }
        flusher.withLock { $0 = task }
    }
}
