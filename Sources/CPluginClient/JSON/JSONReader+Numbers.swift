extension JSONReader {
    /// Reads a number as `JSONDecoder` reads a `Double`: correctly rounded; a literal too large for a finite
    /// `Double`, or one that is not zero but rounds to zero, is `numberNotRepresentable`.
    public mutating func readDouble() throws(JSONReaderError) -> Double {
        let literal = try readNumberLiteral()
        guard let value = foundationDouble(literal) else {
            throw error(.numberNotRepresentable, at: literal.start)
        }
        return value
    }

    /// Reads a number as `JSONDecoder` reads an `Int`: an integer literal exactly; any other literal (`5.0`, `1e3`)
    /// when its value is whole and in range. Anything else is `numberNotRepresentable`.
    public mutating func readInt() throws(JSONReaderError) -> Int {
        let literal = try readNumberLiteral()
        guard let value = foundationInt(literal) else { throw error(.numberNotRepresentable, at: literal.start) }
        return value
    }

    /// Reads the number literal that must come next.
    mutating func readNumberLiteral() throws(JSONReaderError) -> JSONNumberLiteral {
        let byte = try significantByte()
        guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            throw mismatch(expected: .number, found: byte)
        }
        return try scanNumber()
    }

    /// Scans the number at `index` (a `-` or digit), checking its grammar and collecting its significant digits.
    mutating func scanNumber() throws(JSONReaderError) -> JSONNumberLiteral {
        let count = bytes.count
        let start = index
        var position = index
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < count else { throw error(.unexpectedEnd, at: count) }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var isExact = true
        let first = bytes[position]
        if first == UInt8(ascii: "0") {
            position += 1
        } else if first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") {
            while position < count {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    digits += 1
                } else {
                    exponent += 1
                    if digit != 0 { isExact = false }
                }
                position += 1
            }
        } else {
            throw error(.invalidNumber, at: position)
        }
        var isInteger = true
        if position < count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fractionStart = position
            while position < count {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if mantissa == 0, digit == 0 {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    digits += 1
                    exponent -= 1
                } else if digit != 0 {
                    isExact = false
                }
                position += 1
            }
            guard position > fractionStart else {
                throw error(position < count ? .invalidNumber : .unexpectedEnd, at: position)
            }
        }
        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            var exponentNegative = false
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            let digitsStart = position
            var value = 0
            while position < count {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if value < 1_000_000 { value = value * 10 + Int(digit) }
                position += 1
            }
            guard position > digitsStart else {
                throw error(position < count ? .invalidNumber : .unexpectedEnd, at: position)
            }
            exponent += exponentNegative ? -value : value
        }
        index = position
        return JSONNumberLiteral(
            start: start, end: position, negative: negative, mantissa: mantissa, exponent: exponent,
            isInteger: isInteger, isExact: isExact)
    }

    /// Skips a number, checking its grammar only.
    @inline(__always)
    mutating func skipNumber() throws(JSONReaderError) {
        let count = bytes.count
        var position = index
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count else { throw error(.unexpectedEnd, at: count) }
        let first = bytes[position]
        if first == UInt8(ascii: "0") {
            position += 1
        } else if first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") {
            position += 1
            while position < count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        } else {
            throw error(.invalidNumber, at: position)
        }
        if position < count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            let digitsStart = position
            while position < count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > digitsStart else {
                throw error(position < count ? .invalidNumber : .unexpectedEnd, at: position)
            }
        }
        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let digitsStart = position
            while position < count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > digitsStart else {
                throw error(position < count ? .invalidNumber : .unexpectedEnd, at: position)
            }
        }
        index = position
    }

    // MARK: Values

    /// The literal's value as `JSONDecoder` gives a `Double`: nil when not finite, or when a non-zero literal
    /// rounded to zero.
    func foundationDouble(_ literal: JSONNumberLiteral) -> Double? {
        let value = doubleValue(literal)
        guard value.isFinite else { return nil }
        guard value != 0 || (literal.mantissa == 0 && isFoundationTrueZero(literal)) else { return nil }
        return value
    }

    /// Foundation's test that a literal that parsed as 0 really is zero (`JSONDecoderImpl.isTrueZero` in Swift 6.3):
    /// it scans four bytes at a time from the front for a non-zero digit (not zero) or an `e` (zero), but the last
    /// one to three bytes from the back, so a three-byte literal such as `0e5` counts as not zero. Kept as is, so
    /// both decoders reject the same literals.
    private func isFoundationTrueZero(_ literal: JSONNumberLiteral) -> Bool {
        func check(_ position: Int) -> Bool? {
            switch bytes[position] {
            case UInt8(ascii: "1")...UInt8(ascii: "9"): false
            case UInt8(ascii: "e"), UInt8(ascii: "E"): true
            default: nil
            }
        }
        var start = literal.start
        while literal.end - start >= 4 {
            for position in start..<start + 4 {
                if let result = check(position) { return result }
            }
            start += 4
        }
        for position in (start..<literal.end).reversed() {
            if let result = check(position) { return result }
        }
        return true
    }

    /// The correctly rounded `Double` nearest the literal (±infinity beyond range, ±0 below).
    func doubleValue(_ literal: JSONNumberLiteral) -> Double {
        if literal.isExact {
            if literal.mantissa == 0 { return literal.negative ? -0.0 : 0.0 }
            // Clinger's fast path: both operands exact, so the one rounding is the correct one.
            if literal.mantissa <= 1 << 53, literal.exponent >= -22, literal.exponent <= 22 {
                let mantissa = Double(literal.mantissa)
                let value =
                    literal.exponent >= 0
                    ? mantissa * Self.powersOfTen[literal.exponent]
                    : mantissa / Self.powersOfTen[-literal.exponent]
                return literal.negative ? -value : value
            }
            #if arch(x86_64) && !os(Windows)
                if let value = extendedPrecisionValue(literal) { return value }
            #endif
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[literal.start..<literal.end]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    #if arch(x86_64) && !os(Windows)
        /// Up to 19 digits with a small exponent, as printed for computed values (`95.05000000000001`): one rounding
        /// in 64-bit precision, then one to 53 bits. The second can only be wrong when the first landed exactly
        /// halfway between two doubles; those few go to `strtod`.
        private func extendedPrecisionValue(_ literal: JSONNumberLiteral) -> Double? {
            guard literal.exponent >= -27, literal.exponent <= 27 else { return nil }
            let mantissa = Float80(literal.mantissa)
            let power = Self.extendedPowersOfTen[abs(literal.exponent)]
            let wide = literal.exponent >= 0 ? mantissa * power : mantissa / power
            // The 11 bits a Double drops: exactly 100…0 means halfway, where the true value may lie either side.
            guard wide.significandBitPattern & 0x7FF != 0x400 else { return nil }
            let value = Double(wide)
            return literal.negative ? -value : value
        }

        private static let extendedPowersOfTen: [Float80] = (0...27).map { exponent in
            var value: Float80 = 1
            for _ in 0..<exponent { value *= 10 }
            return value
        }
    #endif

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The literal's value as `JSONDecoder` gives an `Int`, or nil where it throws. An integer literal is exact. Any
    /// other is converted through `Double`, which must be whole and in range; from 2⁵³ up, where a `Double` no longer
    /// holds every integer, Foundation reads the digits again as a `Decimal` (`decimalInteger`).
    func foundationInt(_ literal: JSONNumberLiteral) -> Int? {
        if literal.isInteger {
            if literal.isExact, literal.exponent == 0, literal.mantissa < 1_000_000_000_000_000_000 {
                let value = Int(literal.mantissa)
                return literal.negative ? -value : value
            }
            return exactInteger(literal)
        }
        let double = doubleValue(literal)
        guard let value = Int(exactly: double) else { return nil }
        if double.magnitude < 9_007_199_254_740_992 { return value }
        return decimalInteger(literal)
    }

    /// An integer literal's exact value, nil when it overflows `Int` (as it then does for `JSONDecoder`).
    private func exactInteger(_ literal: JSONNumberLiteral) -> Int? {
        var magnitude: UInt64 = 0
        var position = literal.start + (literal.negative ? 1 : 0)
        while position < literal.end {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            position += 1
        }
        if literal.negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    /// Foundation's `Decimal` route for a non-integer literal whose `Double` is whole, in range and at least 2⁵³:
    /// the first 38 or 39 significant digits (as many as fit 128 bits), trailing zeros dropped, must fit 64 bits;
    /// the value is then truncated toward zero. Where Foundation's parse itself would stop the process (an exponent
    /// outside what `Decimal` holds) this returns nil instead.
    private func decimalInteger(_ literal: JSONNumberLiteral) -> Int? {
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var exponentDigits: [UInt8] = []
        var exponentNegative = false
        var part = 0
        for position in (literal.start + (literal.negative ? 1 : 0))..<literal.end {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "."): part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
            case UInt8(ascii: "-"): exponentNegative = true
            case UInt8(ascii: "+"): break
            default:
                let digit = byte - UInt8(ascii: "0")
                switch part {
                case 0: integerDigits.append(digit)
                case 1: fractionDigits.append(digit)
                default: exponentDigits.append(digit)
                }
            }
        }
        let allDigits = integerDigits + fractionDigits
        guard let firstNonzero = allDigits.firstIndex(where: { $0 != 0 }) else { return 0 }
        let significant = allDigits[firstNonzero...]
        var kept = significant.count
        if kept >= 39 {
            let limit: [UInt8] = Array("340282366920938463463374607431768211455".utf8).map { $0 - UInt8(ascii: "0") }
            kept =
                significant.prefix(39).lexicographicallyPrecedes(limit) || significant.prefix(39).elementsEqual(limit)
                ? 39 : 38
        }
        let keptEnd = firstNonzero + kept
        var scale: Int
        if keptEnd < integerDigits.count {
            scale = integerDigits.count - keptEnd
            guard scale <= 127 else { return nil }
        } else {
            let fractionKept = min(keptEnd - integerDigits.count, fractionDigits.count)
            guard fractionKept <= 128 else { return nil }
            scale = -fractionKept
        }
        let exponentValue = exponentDigits.drop(while: { $0 == 0 })
        if !exponentValue.isEmpty {
            guard exponentValue.count <= 3 else { return nil }
            let value = exponentValue.reduce(0) { $0 * 10 + Int($1) }
            guard value <= 254 else { return nil }
            scale += exponentNegative ? -value : value
            guard scale >= -128, scale <= 127 else { return nil }
        }
        var mantissaDigits = significant.prefix(kept)
        while let last = mantissaDigits.last, last == 0 {
            mantissaDigits = mantissaDigits.dropLast()
            scale += 1
        }
        var magnitude: UInt64 = 0
        for digit in mantissaDigits {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if scale < 0 {
            for _ in 0 ..< -scale { magnitude /= 10 }
        } else {
            for _ in 0..<scale {
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                magnitude = times
            }
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return literal.negative ? -Int(magnitude) : Int(magnitude)
    }
}
