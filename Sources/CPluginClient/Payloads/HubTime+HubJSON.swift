import Foundation

extension HubTime {
    /// `parse(_:)` over UTF-8 bytes, for times read straight from a frame: the same checks and the same arithmetic,
    /// so the same `Date` to the bit.
    static func parse(utf8 bytes: UnsafeRawBufferPointer) -> Date? {
        let count = bytes.count
        func number(_ start: Int, _ end: Int) -> Int? {
            guard end <= count else { return nil }
            var value = 0
            for index in start..<end {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), let year = number(0, 4), let month = number(5, 7),
            let day = number(8, 10), let hour = number(11, 13), let minute = number(14, 16),
            let second = number(17, 19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number(index + 1, index + 3) else { return nil }
                var minutes = 0
                if index + 3 < count, bytes[index + 3] == UInt8(ascii: ":") {
                    guard let value = number(index + 4, index + 6) else { return nil }
                    minutes = value
                    index += 6
                } else if let value = number(index + 3, index + 5) {
                    minutes = value
                    index += 5
                } else {
                    index += 3
                }
                offset = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }
}
