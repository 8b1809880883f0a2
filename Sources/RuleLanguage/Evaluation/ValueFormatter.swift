import CSupport
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
        printed(value, decimals: decimals, trimmingZeros: false)
    }

    /// At most `maxDecimals` decimals, without trailing zeros: `12.5`, `100`.
    static func trimmed(_ value: Double, maxDecimals: Int) -> String {
        // Whole numbers (logins, counts, lots) are most of what messages and keys print: no printf needed.
        if value == value.rounded(.towardZero), abs(value) < 1e15 { return String(Int64(value)) }
        return printed(value, decimals: maxDecimals, trimmingZeros: true)
    }

    /// C's `%.*f` (correctly rounded; the C locale, so the same on every machine), printed into a stack buffer and
    /// trimmed as bytes. A negative value that prints as zero loses its sign: `-0.00` is `0.00`.
    private static func printed(_ value: Double, decimals: Int, trimmingZeros: Bool) -> String {
        let precision = Int32(clamping: max(0, decimals))
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 384) { stack in
            let needed = Int(mtrules_print_fixed(stack.baseAddress, stack.count, precision, value))
            if needed < stack.count { return finish(UnsafeBufferPointer(rebasing: stack[..<needed]), trimmingZeros) }
            // Longer than the stack buffer (a huge value with many decimals).
            var large = [CChar](repeating: 0, count: needed + 1)
            _ = mtrules_print_fixed(&large, large.count, precision, value)
            return large.withUnsafeBufferPointer { finish(UnsafeBufferPointer(rebasing: $0[..<needed]), trimmingZeros) }
        }
    }

    private static func finish(_ printed: UnsafeBufferPointer<CChar>, _ trimmingZeros: Bool) -> String {
        var text = UnsafeRawBufferPointer(printed)
        let dot = UInt8(ascii: "."), zero = UInt8(ascii: "0"), minus = UInt8(ascii: "-")
        if text.first == minus, text.dropFirst().allSatisfy({ $0 == zero || $0 == dot }) {
            text = UnsafeRawBufferPointer(rebasing: text.dropFirst())
        }
        if trimmingZeros, text.contains(dot) {
            var end = text.count
            while text[end - 1] == zero { end -= 1 }
            if text[end - 1] == dot { end -= 1 }
            text = UnsafeRawBufferPointer(rebasing: text[..<end])
        }
        return String(decoding: text, as: UTF8.self)
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
