import AlertModel

/// The first line of a recording: which format version it is written in, when recording started and on which host,
/// so a file found months later says what it is.
public struct RecordingHeader: Sendable, Hashable {
    /// The format version this build writes and reads; a reader refuses others instead of misreading them.
    public static let currentVersion = 1

    public var version: Int
    public var started: Timestamp
    public var host: String

    public init(version: Int = RecordingHeader.currentVersion, started: Timestamp, host: String) {
        self.version = version
        self.started = started
        self.host = host
    }
}
