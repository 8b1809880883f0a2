import Foundation

/// The tolerant field readers of `LenientDecoding.swift`, for `JSONReader`: each reads one member's value, whatever
/// its type, and returns the same value the `KeyedDecodingContainer` helper of the same name returns for it, so the
/// `HubDecodable` and `Decodable` conformances of a payload always agree. A value of a type the field cannot use
/// (an object, say) is skipped and the default is used; only malformed JSON throws.
extension JSONReader {
    /// `lenientDouble`: a number, or a string `Double(_:)` accepts; otherwise `value`.
    mutating func lenientDouble(default value: Double = 0) throws(JSONReaderError) -> Double {
        switch try significantByte() {
        case UInt8(ascii: "\""):
            let token = try scanString()
            guard let text = string(token), let number = Double(text) else { return value }
            return number
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return foundationDouble(try scanNumber()) ?? value
        default:
            try skipValue()
            return value
        }
    }

    /// `lenientInt`: a whole number; a fractional one truncated when within ±9.2e18; a string `Int(_:)` accepts;
    /// otherwise `value`.
    mutating func lenientInt(default value: Int = 0) throws(JSONReaderError) -> Int {
        switch try significantByte() {
        case UInt8(ascii: "\""):
            let token = try scanString()
            guard let text = string(token), let number = Int(text) else { return value }
            return number
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return lenientInt(try scanNumber()) ?? value
        default:
            try skipValue()
            return value
        }
    }

    /// The number part of `lenientInt`.
    func lenientInt(_ literal: JSONNumberLiteral) -> Int? {
        if let number = foundationInt(literal) { return number }
        if let number = foundationDouble(literal), number.isFinite, abs(number) < 9.2e18 { return Int(number) }
        return nil
    }

    /// `lenientString`: a string; otherwise `value`.
    mutating func lenientString(default value: String = "") throws(JSONReaderError) -> String {
        guard try significantByte() == UInt8(ascii: "\"") else {
            try skipValue()
            return value
        }
        return string(try scanString()) ?? value
    }

    /// `lenientBool`: `true`/`false`, or a whole number (non-zero is true); otherwise `value`.
    mutating func lenientBool(default value: Bool = false) throws(JSONReaderError) -> Bool {
        switch try significantByte() {
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return try readBool()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let number = foundationInt(try scanNumber()) else { return value }
            return number != 0
        default:
            try skipValue()
            return value
        }
    }

    /// `lenientDate`: a string is an ISO-8601 time (`HubTime.parse`, nil if it is not one); a number is Unix seconds.
    mutating func lenientDate() throws(JSONReaderError) -> Date? {
        switch try significantByte() {
        case UInt8(ascii: "\""):
            let token = try scanString()
            if !token.hasEscapes {
                // HubTime accepts ASCII only, so the raw bytes give its answer without making a String.
                return HubTime.parse(utf8: UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end]))
            }
            return string(token).flatMap(HubTime.parse)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return foundationDouble(try scanNumber()).map { Date(timeIntervalSince1970: $0) }
        default:
            try skipValue()
            return nil
        }
    }

    /// An enum given by name (matched as `String.lowercased()` would, against lower-case `names`) or by number, as
    /// `MarginCallPayload.enumValue` reads it: a name's index, else `lenientInt`.
    mutating func lenientEnum(names: [StaticString], default value: Int = 0) throws(JSONReaderError) -> Int {
        guard try significantByte() == UInt8(ascii: "\"") else { return try lenientInt(default: value) }
        let token = try scanString()
        if let index = nameIndex(token, names: names) { return index }
        guard let text = string(token), let number = Int(text) else { return value }
        return number
    }

    /// The index in `names` of the string `token` holds, compared after lower-casing.
    func nameIndex(_ token: JSONStringToken, names: [StaticString]) -> Int? {
        if !token.hasEscapes, token.isASCII {
            // ASCII lower-cases byte by byte; compare without making a String.
            let count = token.end - token.start
            for (index, name) in names.enumerated() where name.utf8CodeUnitCount == count {
                var equal = true
                for offset in 0..<count where Self.asciiLowercase(bytes[token.start + offset]) != name.utf8Start[offset]
                {
                    equal = false
                    break
                }
                if equal { return index }
            }
            return nil
        }
        // Beyond ASCII, Unicode's lower-casing and String equality decide (the Kelvin sign lower-cases to "k").
        guard let lowered = string(token)?.lowercased() else { return nil }
        return names.firstIndex { $0.description == lowered }
    }

    @inline(__always)
    static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
