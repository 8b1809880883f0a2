import NIOCore

extension HubRecordSplitter {
    /// Adds a transport frame's readable bytes without an intermediate copy.
    public mutating func append(_ frame: ByteBuffer) {
        frame.withUnsafeReadableBytes { append($0) }
    }
}
