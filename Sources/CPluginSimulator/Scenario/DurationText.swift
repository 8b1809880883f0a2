/// Durations written as in the rule language: a number and a unit, possibly compound (`500ms`, `30s`, `5m`,
/// `1h30m`, `2d`). Shared by scenario files and `--faults`.
enum DurationText {
    static let units: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Seconds, or nil if the text is not a duration (a bare number has no unit and is not one).
    static func parse<Text: StringProtocol>(_ text: Text) -> Double? {
        var total = 0.0
        var index = text.startIndex
        var sawPart = false
        while index < text.endIndex {
            let numberStart = index
            while index < text.endIndex, text[index].isASCII, text[index].isNumber || text[index] == "." {
                index = text.index(after: index)
            }
            guard numberStart < index, let value = Double(text[numberStart..<index]) else { return nil }
            let unitStart = index
            while index < text.endIndex, text[index].isASCII, text[index].isLetter { index = text.index(after: index) }
            guard let scale = units[String(text[unitStart..<index])] else { return nil }
            total += value * scale
            sawPart = true
        }
        return sawPart && total.isFinite ? total : nil
    }

    /// A duration the way it is usually written back: `1h30m`, `45s`, `250ms`.
    static func format(_ seconds: Double) -> String {
        if seconds < 1, seconds > 0 { return "\(Int((seconds * 1000).rounded()))ms" }
        var rest = Int(seconds.rounded())
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}
