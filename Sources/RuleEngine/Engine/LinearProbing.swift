/// What `AccountStore` and `KeyTable` share: open-addressing tables with linear probing, in memory from
/// `LargeAllocation`, that delete by shifting entries back so lookups need no tombstones.
enum LinearProbing {
    /// A table of `count` empty slots (`count` a power of two).
    static func allocate<Slot>(empty: Slot, count: Int) -> UnsafeMutableBufferPointer<Slot> {
        let slots = UnsafeMutableBufferPointer(
            start: LargeAllocation.allocate(Slot.self, capacity: count), count: count)
        slots.initialize(repeating: empty)
        return slots
    }

    /// Empties the slot at `index` (its entry already let go of), moving later entries of its probe run into the gap.
    /// - Parameter home: where an entry's lookup starts.
    @inline(__always)
    static func remove<Slot>(
        at index: Int, in slots: UnsafeMutableBufferPointer<Slot>, empty: Slot, isEmpty: (Slot) -> Bool,
        home: (Slot) -> Int
    ) {
        let mask = slots.count - 1
        var gap = index
        var next = (gap + 1) & mask
        while !isEmpty(slots[next]) {
            let wanted = home(slots[next])
            // The entry may fill the gap unless its home lies cyclically in (gap, next].
            let stays = gap <= next ? (gap < wanted && wanted <= next) : (gap < wanted || wanted <= next)
            if !stays {
                slots[gap] = slots[next]
                gap = next
            }
            next = (next + 1) & mask
        }
        slots[gap] = empty
    }
}
