import Foundation

/// Prints values for messages and explanations. The output depends only on the value, never on the machine's locale
/// or time zone, so the same alert renders the same text everywhere.
public enum ValueFormatter {
    public static func format(_ value: Double, unit: Unit, style: FormatSpec.Style?) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        switch style {
        case .fixed(let decimals): return fixed(value, decimals: decimals)
        case .money: return grouped(fixed(value, decimals: 2))
        case .integer: return fixed(value, decimals: 0)
        case .time: return timestamp(value, dateOnly: false)
        case .date: return timestamp(value, dateOnly: true)
        case .duration: return duration(value)
        case .upper, .lower, .none: break
        }
        switch unit {
        case .money: return fixed(value, decimals: 2)
        case .percent: return trimmed(value, maxDecimals: 2)
        case .duration: return duration(value)
        case .timestamp: return timestamp(value, dateOnly: false)
        case .number, .lots, .price: return trimmed(value, maxDecimals: 8)
        }
    }

    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = printed(value, decimals: decimals)
        return text.hasPrefix("-") && text.allSatisfy({ "-0.".contains($0) }) ? String(text.dropFirst()) : text
    }

    /// C's `%.*f` (correctly rounded, locale-free in the C locale the process runs in), straight into a stack
    /// buffer: `String(format:)` went through NSString and boxed arguments, a visible share of rendering an alert.
    private static func printed(_ value: Double, decimals: Int) -> String {
        let precision = Int32(clamping: max(0, decimals))
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 384) { buffer in
            let length = withVaList([precision, value]) { vsnprintf(buffer.baseAddress, buffer.count, "%.*f", $0) }
            if length >= 0, Int(length) < buffer.count { return String(cString: buffer.baseAddress!) }
            // Longer than the buffer (a huge value with many decimals): measure, then print into a buffer that fits.
            var large = [CChar](repeating: 0, count: Int(max(length, 0)) + 1)
            let written = withVaList([precision, value]) { vsnprintf(&large, large.count, "%.*f", $0) }
            return String(decoding: large.prefix(Int(max(written, 0))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    static func trimmed(_ value: Double, maxDecimals: Int) -> String {
        var text = fixed(value, decimals: maxDecimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        let integer = Array(parts[0])
        var out = ""
        for (index, digit) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return (negative ? "-" : "") + out
    }

    /// `1h30m`, `45s`, `2d3h`; fractions of a second only below a minute.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return seconds.isNaN ? "n/a" : (seconds > 0 ? "∞" : "-∞") }
        if seconds < 0 { return "-" + duration(-seconds) }
        if seconds < 60 { return trimmed(seconds, maxDecimals: 3) + "s" }
        // Beyond ten thousand years a calendar breakdown means nothing; print the days.
        if seconds >= 3e11 { return trimmed((seconds / 86_400).rounded(), maxDecimals: 0) + "d" }
        var remaining = Int(seconds.rounded())
        var out = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where remaining >= size {
            out += "\(remaining / size)\(unit)"
            remaining %= size
        }
        return out
    }

    /// `2026-01-05 12:00:31 UTC`.
    public static func timestamp(_ seconds: Double, dateOnly: Bool) -> String {
        // Outside years 0001–9999 there is no sensible calendar date; show the raw seconds.
        guard seconds.isFinite, seconds > -62_135_596_800, seconds < 253_402_300_800 else {
            return seconds.isNaN ? "n/a" : trimmed(seconds, maxDecimals: 3) + "s since 1970"
        }
        let whole = Int64(seconds.rounded(.down))
        let days = Int64((Double(whole) / 86_400).rounded(.down))
        let secondOfDay = Int(whole - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        if dateOnly { return date }
        return date
            + String(format: " %02d:%02d:%02d UTC", secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// Howard Hinnant's days-from-civil inverse: exact for the proleptic Gregorian calendar.
    static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(y + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
