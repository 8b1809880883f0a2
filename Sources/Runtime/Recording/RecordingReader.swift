import Foundation

/// Reads a recording line by line in chunks, so a file of many gigabytes replays in constant memory. The header is
/// read and its version checked on opening. A bad line throws a `RecordingError` naming its line; the reader has
/// already moved past it, so a caller that skips bad lines just asks for the next one.
public final class RecordingReader {
    public let path: String
    public private(set) var header: RecordingHeader
    /// The file's size when it was opened, for progress.
    public let totalBytes: Int64
    /// Bytes consumed so far (lines handed out, including their newlines).
    public private(set) var bytesRead: Int64 = 0
    /// The 1-based number of the line last returned or thrown about.
    public private(set) var lineNumber = 0

    private let handle: FileHandle
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEndOfFile = false
    /// False once the file's last line turned out to have no newline: a line cut short when recording stopped.
    private var endedWithNewline = true

    /// A line longer than this is not a recording line (a payload this large would not come from the hub).
    public static let maxLineLength = 256 * 1024 * 1024

    /// Opens `path` and reads its header.
    /// - Throws: `RecordingError` when the file cannot be read, is empty, or is not a recording of a version this
    ///   build reads.
    public init(path: String, chunkSize: Int = 1 << 20) throws(RecordingError) {
        self.path = path
        self.chunkSize = max(chunkSize, 16)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw RecordingError(
                path: path, message: exists ? "cannot read the file (check its permissions)" : "no such file")
        }
        self.handle = handle
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        totalBytes = size ?? 0
        header = RecordingHeader(started: .init(milliseconds: 0), host: "")
        guard let first = try nextRawLine() else {
            throw RecordingError(path: path, message: "the file is empty; a recording starts with its header line")
        }
        let line: RecordingLine
        do {
            line = try RecordingLine.parse(first)
        } catch {
            throw RecordingError(
                path: path, line: 1, message: "not an mtrules recording: the first line is not its header (\(error))")
        }
        guard case .header(let header) = line else {
            throw RecordingError(
                path: path, line: 1,
                message: "not an mtrules recording: the first line must be {\"mtrules_recording\":1,…}")
        }
        guard header.version == RecordingHeader.currentVersion else {
            throw RecordingError(
                path: path, line: 1,
                message: "recording format version \(header.version) is not supported; this mtrules reads version "
                    + "\(RecordingHeader.currentVersion) (replay it with the mtrules release that recorded it)")
        }
        self.header = header
    }

    deinit { try? handle.close() }

    /// The next line after the header, nil at the end of the file. Blank lines are skipped.
    /// - Throws: `RecordingError` for a line that is not a recording line; the next call reads the line after it.
    public func next() throws(RecordingError) -> RecordingLine? {
        while let raw = try nextRawLine() {
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                return try RecordingLine.parse(raw)
            } catch {
                let cut = !endedWithNewline
                throw RecordingError(
                    path: path, line: lineNumber,
                    message: cut
                        ? "the last line is cut short (was the recorder stopped mid-write?): \(error)"
                        : error.message)
            }
        }
        return nil
    }

    /// The bytes of the next line without its `\n`, reading more of the file as needed.
    private func nextRawLine() throws(RecordingError) -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                bytesRead += Int64(newline - start + 1)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEndOfFile {
                guard start < buffer.count else { return nil }
                let line = buffer[start..<buffer.count]
                bytesRead += Int64(buffer.count - start)
                start = buffer.count
                lineNumber += 1
                endedWithNewline = false
                return line
            }
            guard buffer.count - start <= Self.maxLineLength else {
                throw RecordingError(
                    path: path, line: lineNumber + 1,
                    message: "a line longer than \(Self.maxLineLength / 1024 / 1024) MiB: this is not a recording")
            }
            // Keep the unfinished line, drop what was handed out, and read the next chunk after it.
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            searchFrom = buffer.count
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw RecordingError(
                    path: path, line: lineNumber + 1, message: "cannot read the file: \(error.localizedDescription)")
            }
            if let chunk, !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                atEndOfFile = true
            }
        }
    }
}
