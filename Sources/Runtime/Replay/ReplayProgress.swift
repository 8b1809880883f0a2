/// How far a replay has come, for a progress bar.
public struct ReplayProgress: Sendable, Hashable {
    public var bytesRead: Int64
    public var totalBytes: Int64
    public var events: Int
    public var line: Int

    /// 0…1; 1 for an empty file.
    public var fraction: Double {
        totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
    }
}
