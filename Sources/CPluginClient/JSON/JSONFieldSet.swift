/// Which of a type's fields were already read from an object. `JSONDecoder` takes the first of duplicate keys, so a
/// `HubDecodable` payload skips a field it has seen: `case "bid" where seen.first(1): bid = …`.
struct JSONFieldSet {
    private var bits: UInt64 = 0

    /// True the first time `field` (0…63) is asked about.
    @inline(__always)
    mutating func first(_ field: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(field)
        defer { bits |= mask }
        return bits & mask == 0
    }
}
