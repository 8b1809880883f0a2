#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts the bytes a transport delivers into the JSON hub protocol's records, which end with the ASCII record
/// separator `0x1E`. Transports frame as they like: one WebSocket frame, SSE event or poll may hold several records,
/// or part of one that a later frame completes, so an unfinished record stays buffered until its separator comes.
///
/// Records are bounded by `maxRecordSize` so a broken or hostile server cannot grow memory without limit. The default,
/// 1 MiB, is far above any hub message (payloads are under 1 KiB; ASP.NET's own server-side default is 32 KiB) yet
/// leaves room for an invocation result holding a large list. A record over the limit is reported once, discarded, and
/// reading resumes after its separator; the usual response is to close the connection, as ASP.NET does.
///
/// Each byte is copied once into the buffer and at most once more when the buffer is compacted, and searched once,
/// so the cost stays linear however the records are cut.
public struct HubRecordSplitter: Sendable {
    /// The JSON hub protocol's record separator.
    public static let recordSeparator: UInt8 = 0x1E
    public static let defaultMaxRecordSize = 1 << 20

    /// The largest record accepted, separator not counted.
    public let maxRecordSize: Int
    private var buffer: [UInt8] = []
    /// First byte of the record being assembled.
    private var start = 0
    /// Bytes after `start` already searched for a separator.
    private var searched = 0
    /// Set after an oversized record was reported: bytes are dropped until the next separator.
    private var discarding = false

    public init(maxRecordSize: Int = defaultMaxRecordSize) {
        self.maxRecordSize = max(1, maxRecordSize)
    }

    /// Bytes received but not yet returned as records.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes as the transport delivered them.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes as the transport delivered them.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes once they are at least half the buffer, so the buffer's size follows what is pending.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// The next complete record, separator removed, or nil until more bytes arrive. The slice shares the splitter's
    /// storage: use it (or copy it) before the next `append`, which would otherwise have to copy the buffer.
    /// Throws `recordTooLarge` once for a record over the limit, finished or not.
    public mutating func next() throws(HubProtocolError) -> ArraySlice<UInt8>? {
        while true {
            let searchStart = start + searched
            let found: Int? = buffer.withUnsafeBytes { raw in
                guard searchStart < raw.count, let base = raw.baseAddress,
                    let hit = memchr(base + searchStart, Int32(Self.recordSeparator), raw.count - searchStart)
                else { return nil }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            guard let separator = found else {
                searched = buffer.count - start
                if discarding {
                    start = buffer.count
                    searched = 0
                } else if searched > maxRecordSize {
                    let size = searched
                    discarding = true
                    let error = oversized(size: size, from: start)
                    start = buffer.count
                    searched = 0
                    throw error
                }
                return nil
            }
            let recordStart = start
            start = separator + 1
            searched = 0
            if discarding {
                discarding = false
                continue
            }
            let size = separator - recordStart
            guard size <= maxRecordSize else { throw oversized(size: size, from: recordStart) }
            return buffer[recordStart..<separator]
        }
    }

    private func oversized(size: Int, from recordStart: Int) -> HubProtocolError {
        buffer.withUnsafeBytes { raw in
            HubProtocolError(
                .recordTooLarge(size: size, limit: maxRecordSize),
                record: UnsafeRawBufferPointer(
                    rebasing: raw[recordStart..<min(raw.count, recordStart + HubProtocolError.excerptLength)]),
                recordSize: size)
        }
    }
}
