import Foundation
import Testing

@testable import RuleLanguage

struct FormatCase: Sendable, CustomTestStringConvertible {
    let value: Double
    let unit: RuleLanguage.Unit
    let style: FormatSpec.Style?
    let expected: String

    init(_ value: Double, _ unit: RuleLanguage.Unit, _ style: FormatSpec.Style?, _ expected: String) {
        self.value = value
        self.unit = unit
        self.style = style
        self.expected = expected
    }

    init(_ value: Double, _ unit: RuleLanguage.Unit, _ expected: String) {
        self.init(value, unit, nil, expected)
    }

    var testDescription: String { "\(value) \(unit) \(style.map { "\($0)" } ?? "default") → \(expected)" }
}

@Suite("Value formatting")
struct ValueFormatterTests {
    static let cases: [FormatCase] = [
        // Money: two decimals by default, grouped with `money`.
        FormatCase(12345.678, .money, "12345.68"),
        FormatCase(12345.678, .money, .money, "12,345.68"),
        FormatCase(1_234_567.891, .money, .money, "1,234,567.89"),
        FormatCase(-1234.5, .money, .money, "-1,234.50"),
        FormatCase(999.999, .money, .money, "1,000.00"),
        FormatCase(999, .money, .money, "999.00"),
        FormatCase(100_000, .money, .money, "100,000.00"),
        FormatCase(0, .money, .money, "0.00"),
        FormatCase(-0.001, .money, .money, "0.00"),
        FormatCase(-0.001, .money, "0.00"),
        // Percentages and plain numbers: trimmed.
        FormatCase(95.5, .percent, "95.5"),
        FormatCase(100, .percent, "100"),
        FormatCase(33.333_333, .percent, "33.33"),
        FormatCase(-0.001, .percent, "0"),
        FormatCase(1001, .number, "1001"),
        FormatCase(1.234_567_890_12, .number, "1.23456789"),
        FormatCase(0.1 + 0.2, .number, "0.3"),
        FormatCase(1.5, .lots, "1.5"),
        FormatCase(1.08345, .price, "1.08345"),
        // Fixed decimals and integers.
        FormatCase(95.56, .percent, .fixed(decimals: 1), "95.6"),
        FormatCase(2, .number, .fixed(decimals: 3), "2.000"),
        FormatCase(-0.04, .number, .fixed(decimals: 1), "0.0"),
        FormatCase(1234.7, .money, .integer, "1235"),
        FormatCase(2.5, .number, .integer, "2"),  // int rounds half to even
        FormatCase(3.5, .number, .integer, "4"),
        // Durations.
        FormatCase(90, .duration, "1m30s"),
        FormatCase(45, .duration, "45s"),
        FormatCase(0.5, .duration, "0.5s"),
        FormatCase(0, .duration, "0s"),
        FormatCase(3600, .duration, "1h"),
        FormatCase(93_784, .duration, "1d2h3m4s"),
        FormatCase(7 * 86_400, .duration, "7d"),
        FormatCase(90.4, .duration, "1m30s"),
        FormatCase(-90, .duration, "-1m30s"),
        FormatCase(90, .number, .duration, "1m30s"),
        FormatCase(90, .duration, .fixed(decimals: 0), "90"),
        // Timestamps: UTC, whatever the machine's zone.
        FormatCase(1_767_571_200, .timestamp, "2026-01-05 00:00:00 UTC"),
        FormatCase(1_767_614_431.9, .timestamp, "2026-01-05 12:00:31 UTC"),
        FormatCase(1_767_614_431, .timestamp, .time, "2026-01-05 12:00:31 UTC"),
        FormatCase(1_767_614_431, .timestamp, .date, "2026-01-05"),
        FormatCase(0, .timestamp, "1970-01-01 00:00:00 UTC"),
        FormatCase(-1, .timestamp, "1969-12-31 23:59:59 UTC"),
        FormatCase(951_782_400, .timestamp, "2000-02-29 00:00:00 UTC"),
        FormatCase(4_107_542_399, .timestamp, "2100-02-28 23:59:59 UTC"),
        FormatCase(4_107_542_400, .timestamp, .date, "2100-03-01"),
        // Styles for strings fall back to the unit's format.
        FormatCase(1.5, .number, .upper, "1.5"),
    ]

    @Test("values render the same everywhere, by unit and format", arguments: cases)
    func format(_ testCase: FormatCase) {
        #expect(ValueFormatter.format(testCase.value, unit: testCase.unit, style: testCase.style) == testCase.expected)
    }

    @Test(
        "a missing value is n/a and infinities are signed, in every unit and format",
        arguments: RuleLanguage.Unit.allCases)
    func missing(unit: RuleLanguage.Unit) {
        let styles: [FormatSpec.Style?] = [nil, .money, .fixed(decimals: 2), .integer, .time, .date, .duration]
        for style in styles {
            #expect(ValueFormatter.format(.nan, unit: unit, style: style) == "n/a")
            #expect(ValueFormatter.format(.infinity, unit: unit, style: style) == "∞")
            #expect(ValueFormatter.format(-.infinity, unit: unit, style: style) == "-∞")
        }
    }

    @Test("huge durations and timestamps render without trapping")
    func hugeValues() async {
        await #expect(processExitsWith: .success) {
            let duration = ValueFormatter.format(1e19, unit: .duration, style: nil)
            let timestamp = ValueFormatter.format(1e19, unit: .timestamp, style: nil)
            precondition(!duration.isEmpty && !timestamp.isEmpty)
        }
    }
}

/// The printed-number fast paths (whole numbers without printf, trimming on bytes) against the plain reference:
/// Foundation's `%.*f` with the old string trimming.
@Suite("Value formatting matches printf")
struct ValueFormatterReferenceTests {
    private static func reference(_ value: Double, decimals: Int, trim: Bool) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.allSatisfy({ "-0.".contains($0) }) { text.removeFirst() }
        if trim, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `fixed` and `trimmed` print `value` as the reference does.
    private func expectPrintf(_ value: Double, decimals: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        #expect(
            ValueFormatter.fixed(value, decimals: decimals) == Self.reference(value, decimals: decimals, trim: false),
            "\(value) to \(decimals) decimals", sourceLocation: sourceLocation)
        #expect(
            ValueFormatter.trimmed(value, maxDecimals: decimals)
                == Self.reference(value, decimals: decimals, trim: true),
            "\(value) to at most \(decimals) decimals", sourceLocation: sourceLocation)
    }

    @Test(
        "edge values print as printf prints them",
        arguments: [
            0.0, -0.0, 1, -1, 0.5, -0.5, 0.125, 2.675, 1.005, 1e15, -1e15, 1e15 + 0.5, 123_456_789.123_456_78, 1e-9,
            -1e-9, 0.1 + 0.2, 1e300, -Double.leastNonzeroMagnitude, 9_007_199_254_740_992, 100_123,
        ])
    func edges(value: Double) {
        for decimals in [0, 1, 2, 3, 8] { expectPrintf(value, decimals: decimals) }
    }

    @Test("random values print as printf prints them")
    func random() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double(random.below(16)) - 6)
            let value = (Double(random.below(2_000_001)) / 1_000_000 - 1) * magnitude
            let whole = Double(Int64(random.below(2_000_000)) - 1_000_000)
            let decimals = random.below(10)
            for candidate in [value, whole, whole + 0.5] { expectPrintf(candidate, decimals: decimals) }
        }
    }
}
