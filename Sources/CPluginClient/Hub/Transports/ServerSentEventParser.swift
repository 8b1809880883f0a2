import NIOCore

/// Reads a `text/event-stream` body as it arrives, chunk by chunk, and returns each event's data (its `data:` lines
/// joined by line feeds), per the HTML living standard: comments (`:`) and other fields are ignored, and a line may
/// end in LF, CR or CRLF.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var lastWasCR = false
    /// The stream is dead if a single line grows past this; a sane server never sends one.
    let maxLineBytes: Int

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    struct LineTooLong: Error {}

    mutating func feed(_ buffer: ByteBuffer) throws(LineTooLong) -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in buffer.readableBytesView {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A, 0x0D:
                lastWasCR = byte == 0x0D
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
                if line.count > maxLineBytes { throw LineTooLong() }
            }
        }
        return events
    }

    private mutating func endLine() -> [UInt8]? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            let event = data
            data.removeAll(keepingCapacity: true)
            hasData = false
            return event
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        guard line[..<colon].elementsEqual("data".utf8) else { return nil }
        var valueStart = colon == line.endIndex ? colon : colon + 1
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        if hasData { data.append(0x0A) }
        data.append(contentsOf: line[valueStart...])
        hasData = true
        return nil
    }
}
