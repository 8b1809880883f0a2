#ifndef CSUPPORT_H
#define CSUPPORT_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/// Asks the CPU to start loading the cache line at `address` without waiting for it (a prefetch never faults and
/// changes nothing). Swift has no prefetch of its own; the engine uses this to overlap the memory misses of the next
/// events' accounts with the work on the current one.
static inline void mtrules_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// C's "%.*f" into `buffer`: correctly rounded, and the same in every locale the engine runs in (the C locale).
/// Swift reaches printf only through `withVaList`, whose boxed arguments cost more than the printing itself.
/// Returns what snprintf returns: the length the text needs, whether or not it fitted.
static inline int mtrules_print_fixed(char *buffer, size_t size, int decimals, double value) {
    return snprintf(buffer, size, "%.*f", decimals, value);
}

/// Memory for one of the engine's large flat tables (accounts, alert keys), aligned to a cache line. From 2 MiB up it
/// is aligned to 2 MiB and marked for transparent huge pages: tables spread over tens of megabytes are read at random,
/// one account per event, and with 4 KiB pages nearly every such read also missed the TLB. Where the system gives no
/// huge pages this is plain memory. Free it with `mtrules_free_large`. NULL when there is no memory.
static inline void *mtrules_allocate_large(size_t bytes) {
    const size_t huge = (size_t)2 << 20;
    const size_t line = 64;
    if (bytes < huge) return aligned_alloc(line, bytes == 0 ? line : (bytes + line - 1) & ~(line - 1));
    size_t rounded = (bytes + huge - 1) & ~(huge - 1);
    void *memory = aligned_alloc(huge, rounded);
#ifdef MADV_HUGEPAGE
    if (memory != NULL) madvise(memory, rounded, MADV_HUGEPAGE);
#endif
    return memory;
}

static inline void mtrules_free_large(void *memory) {
    free(memory);
}

#endif
