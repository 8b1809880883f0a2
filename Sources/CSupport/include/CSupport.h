#ifndef CSUPPORT_H
#define CSUPPORT_H

#include <stddef.h>
#include <stdio.h>

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

#endif
