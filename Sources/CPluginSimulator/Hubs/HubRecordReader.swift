import Hummingbird

/// Cuts the client's byte stream into JSON hub messages at the `0x1E` record separator. Transports deliver whatever
/// the client framed: a WebSocket frame or POST body may hold several messages, or part of one that the next frame
/// completes, so the unfinished tail is kept until its separator arrives.
struct HubRecordReader {
    enum ReadError: Error {
        /// A message grew past the limit before its separator came (ASP.NET `MaximumReceiveMessageSize`).
        case messageTooLarge(limit: Int)
    }

    private var pending: [UInt8] = []
    private let maxMessageBytes: Int

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Appends `bytes` and returns the messages they complete, separators removed, in order.
    mutating func append(_ bytes: ByteBuffer) throws(ReadError) -> [[UInt8]] {
        var records: [[UInt8]] = []
        bytes.withUnsafeReadableBytes { raw in
            var start = raw.startIndex
            for index in raw.indices where raw[index] == HubWire.recordSeparator {
                if pending.isEmpty {
                    records.append(Array(raw[start..<index]))
                } else {
                    pending.append(contentsOf: raw[start..<index])
                    records.append(pending)
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            pending.append(contentsOf: raw[start..<raw.endIndex])
        }
        if records.contains(where: { $0.count > maxMessageBytes }) || pending.count > maxMessageBytes {
            throw .messageTooLarge(limit: maxMessageBytes)
        }
        return records
    }
}
