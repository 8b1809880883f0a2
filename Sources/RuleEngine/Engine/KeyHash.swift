/// A fast hash for the keys the engine looks up on every event (alert keys, candidate lists, symbols).
///
/// Swift's dictionaries hash with SipHash, seeded per process: sound against hash flooding, but its setup and
/// finalisation cost more than the rest of a lookup for a key that is one login or a short symbol, and an event makes
/// several such lookups. The engine's keys come from the broker's own feed, not from an adversary, so these keys
/// implement `_rawHashValue(seed:)` (the hook `Hashable` offers for exactly this) with a multiply-xorshift mix instead,
/// still mixed with the dictionary's seed. Equal keys hash equally: strings that are not plain ASCII, which Swift
/// compares by canonical equivalence, are hashed by the standard library.
struct KeyHash {
    private var state: UInt64

    init(seed: Int) {
        state = UInt64(bitPattern: Int64(seed)) &+ 0x9E37_79B9_7F4A_7C15
    }

    mutating func combine(_ value: UInt64) {
        state = Self.mix(state ^ value) &+ 0x9E37_79B9_7F4A_7C15
    }

    mutating func combine(_ value: Int) {
        combine(UInt64(bitPattern: Int64(value)))
    }

    /// A number as its bits, with -0 taken as 0 (they are equal).
    mutating func combine(_ value: Double) {
        combine((value == 0 ? 0 : value).bitPattern)
    }

    /// ASCII text eight bytes at a time; other text through the standard library's hash of it.
    mutating func combine(_ text: String) {
        let start = state
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else {
                combine(0 as UInt64)
                return true
            }
            var seen: UInt64 = 0
            var index = 0
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                seen |= word
                combine(word)
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            seen |= tail
            // The length ends the text, so "a" followed by "" never hashes as "" followed by "a".
            combine(tail ^ (UInt64(bytes.count) << 56))
            return seen & 0x8080_8080_8080_8080 == 0
        }
        if ascii != true {
            // Drop what the bytes added: a canonically equal spelling of non-ASCII text may have other bytes.
            state = start
            combine(text.hashValue)
        }
    }

    func finalize() -> Int {
        Int(bitPattern: UInt(Self.mix(state)))
    }

    /// `finalize()` as bits, for hashes kept rather than handed to a dictionary.
    var finalizedBits: UInt64 { Self.mix(state) }

    /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit, so the low bits a dictionary uses for
    /// its bucket are well spread even for consecutive logins.
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

/// A key the engine's hot dictionaries hash with `KeyHash` (see there): it says what to feed the hash, and both of
/// `Hashable`'s hashing entry points follow from that, so they always agree.
protocol KeyHashable: Hashable {
    func combine(into hash: inout KeyHash)
}

extension KeyHashable {
    func hash(into hasher: inout Hasher) {
        var hash = KeyHash(seed: 0)
        combine(into: &hash)
        hasher.combine(hash.finalize())
    }

    func _rawHashValue(seed: Int) -> Int {
        var hash = KeyHash(seed: seed)
        combine(into: &hash)
        return hash.finalize()
    }
}
