/// Writes JSON values into a byte array, escaped as ASP.NET's hub protocol escapes them
/// (`JavaScriptEncoder.UnsafeRelaxedJsonEscaping`): quote, backslash and control characters escaped, everything
/// else copied as UTF-8.
enum JSONWriter {
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let escape = escapeSequence(for: byte, next: index + 1 < utf8.count ? utf8[index + 1] : 0)
                guard let escape else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                output.append(contentsOf: escape.bytes)
                index += escape.length
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The escape for the character starting with `byte` (`next` is the byte after it), and how many input bytes
    /// it replaces; nil when the byte is copied as is. C1 controls (U+0080–U+009F, `C2 80`–`C2 9F`) are escaped too.
    @inline(__always)
    private static func escapeSequence(for byte: UInt8, next: UInt8) -> (bytes: [UInt8], length: Int)? {
        switch byte {
        case UInt8(ascii: "\""): return (Array(#"\""#.utf8), 1)
        case UInt8(ascii: "\\"): return (Array(#"\\"#.utf8), 1)
        case 0x08: return (Array(#"\b"#.utf8), 1)
        case 0x0C: return (Array(#"\f"#.utf8), 1)
        case 0x0A: return (Array(#"\n"#.utf8), 1)
        case 0x0D: return (Array(#"\r"#.utf8), 1)
        case 0x09: return (Array(#"\t"#.utf8), 1)
        case 0..<0x20, 0x7F: return (unicodeEscape(UInt16(byte)), 1)
        case 0xC2 where next >= 0x80 && next <= 0x9F: return (unicodeEscape(UInt16(next)), 2)
        default: return nil
        }
    }

    private static func unicodeEscape(_ value: UInt16) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), hex[Int(value >> 12 & 0xF)], hex[Int(value >> 8 & 0xF)],
            hex[Int(value >> 4 & 0xF)], hex[Int(value & 0xF)],
        ]
    }

    static func appendInt(_ value: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }

    /// The shortest text that reads back as the same `Double`; JSON has no NaN or infinity, so those are `null`.
    static func appendDouble(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        output.append(contentsOf: value.description.utf8)
    }

    static func appendBool(_ value: Bool, to output: inout [UInt8]) {
        output.append(contentsOf: (value ? "true" : "false").utf8)
    }
}
