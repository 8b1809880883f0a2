import AlertModel
import CPluginClient

extension RecordingLine {
    /// Why one line could not be read, in words for the person who has to look at the file.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads one line (without its `\n`).
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> RecordingLine {
        let fields: Fields
        do {
            fields = try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONReaderError) -> Fields in
                var fields = Fields()
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "mtrules_recording": fields.version = try reader.readInt()
                    case "started": fields.started = Int64(try reader.readInt())
                    case "host": fields.host = try reader.readString()
                    case "t": fields.time = Int64(try reader.readInt())
                    case "platform": fields.platform = try reader.readString()
                    case "stream": fields.stream = try reader.readString()
                    case "source": fields.source = try reader.readString()
                    case "payload": fields.payload = try reader.readRawJSON()
                    case "clock": fields.clock = try reader.readBool()
                    case "end": fields.end = try reader.readBool()
                    default: try reader.skipValue()
                    }
                }
                try reader.expectEnd()
                return fields
            }
        } catch {
            throw ParseError(message: "not a recording line: \(error) of the line")
        }
        return try fields.line()
    }

    /// The members a line may have; which ones are there says what kind of line it is.
    private struct Fields {
        var version: Int?
        var started: Int64?
        var host: String?
        var time: Int64?
        var platform: String?
        var stream: String?
        var source: String?
        var payload: RawJSON?
        var clock = false
        var end = false

        func line() throws(ParseError) -> RecordingLine {
            if let version {
                guard let started else { throw ParseError(message: "the header has no \"started\" time") }
                return .header(
                    RecordingHeader(version: version, started: Timestamp(milliseconds: started), host: host ?? ""))
            }
            guard let time else {
                throw ParseError(message: "the line has no \"t\" (receive time in milliseconds since 1970)")
            }
            let at = Timestamp(milliseconds: time)
            if let payload {
                guard let name = stream else { throw ParseError(message: "the line has a payload but no \"stream\"") }
                guard let stream = RecordedStream(rawValue: name) else {
                    let known = RecordedStream.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ParseError(message: "unknown stream \"\(name)\" (expected one of \(known))")
                }
                let sourceName = source ?? RecordedSource.hub.rawValue
                guard let source = RecordedSource(rawValue: sourceName) else {
                    let known = RecordedSource.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ParseError(message: "unknown source \"\(sourceName)\" (expected one of \(known))")
                }
                guard let platform else { throw ParseError(message: "the line has a payload but no \"platform\"") }
                return .item(
                    RecordedItem(time: at, platform: platform, stream: stream, source: source, payload: payload))
            }
            if end { return .end(at) }
            if clock { return .clock(at) }
            throw ParseError(message: "the line is neither data (\"payload\"), \"clock\" nor \"end\"")
        }
    }
}
