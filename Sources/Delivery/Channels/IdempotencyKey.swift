/// The `Idempotency-Key` for a notification's CPlugin call: the notification id itself when the API accepts it
/// (1–255 visible ASCII characters), else a stable hash of it, so a retry after a crash or a lost answer sends the
/// mail at most once whatever the alert's labels contain.
enum IdempotencyKey {
    static func make(for notificationID: String) -> String {
        let bytes = Array(notificationID.utf8)
        if !bytes.isEmpty, bytes.count <= 255, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return notificationID
        }
        return "mtrules-" + hex(fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325))
            + hex(fnv1a(bytes, basis: 0x6c62_272e_07bb_0142))
    }

    /// FNV-1a, 64 bits: stable across runs and machines (unlike `Hasher`), which a key stored across restarts needs.
    private static func fnv1a(_ bytes: [UInt8], basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
