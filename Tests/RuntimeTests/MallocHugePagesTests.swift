import Runtime
import Testing

@Suite("Malloc huge pages")
struct MallocHugePagesTests {
    @Test(
        "the setting is read from GLIBC_TUNABLES, the last of several values winning",
        arguments: [
            (nil, false),
            ("", false),
            ("glibc.malloc.hugetlb=1", true),
            ("glibc.malloc.hugetlb=2", true),
            ("glibc.malloc.hugetlb=0", false),
            ("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", true),
            ("glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0", false),
            ("glibc.malloc.hugetlb", false),
            ("glibc.malloc.hugetlbx=1", false),
        ] as [(String?, Bool)])
    func readsTheTunable(tunables: String?, expected: Bool) {
        let environment = tunables.map { ["GLIBC_TUNABLES": $0] } ?? [:]
        #expect(MallocHugePages.enabled(environment: environment) == expected)
    }
}
