import Foundation

/// Whether glibc's malloc was asked to back its heap with huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`).
///
/// The engine's own tables (accounts, alert keys) are in huge pages whatever the setting. Its alert states, windows and
/// the events they keep come from malloc, and with 100,000 accounts their reads also miss the TLB unless the heap is
/// in huge pages too: about a tenth of the engine's time on a feed that size (docs/performance.md). glibc reads the
/// setting only when a process starts, so it belongs in the service's environment (docs/operations.md).
public enum MallocHugePages {
    /// The environment setting that turns it on.
    public static let setting = "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"

    /// True when `GLIBC_TUNABLES` sets `glibc.malloc.hugetlb` to 1 (madvise) or 2 (reserved huge pages).
    public static func enabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let tunables = environment["GLIBC_TUNABLES"] else { return false }
        // Tunables are name=value pairs separated by colons; a later one overrides an earlier one.
        var value: Substring?
        for pair in tunables.split(separator: ":") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "glibc.malloc.hugetlb" { value = parts[1] }
        }
        return value == "1" || value == "2"
    }
}
