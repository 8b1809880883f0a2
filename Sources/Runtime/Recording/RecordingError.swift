/// A recording that cannot be written or read, said for the person who has to fix it: which file, which line when
/// it is about one line, and what was wrong.
public struct RecordingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based; nil when the problem is the whole file (missing, unreadable, wrong version).
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `recording.jsonl:17: error: unknown stream "margn" (expected one of …)`.
    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)"
    }
}
