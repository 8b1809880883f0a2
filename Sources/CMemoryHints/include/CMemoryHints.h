#ifndef CMEMORYHINTS_H
#define CMEMORYHINTS_H

/// Asks the CPU to start loading the cache line at `address` without waiting for it (a prefetch never faults and
/// changes nothing). Swift has no prefetch of its own; the engine uses this to overlap the memory misses of the next
/// events' accounts with the work on the current one.
static inline void mtrules_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
