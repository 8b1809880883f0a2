/// What a `KeyTable` holds: an object that knows its own key.
protocol KeyTableEntry: AnyObject {
    var entity: EntityKey { get }
}

/// One rule's alert states by key (or, for a key group, which rules have an alert for a key): an open-addressing table
/// whose entries are the key's hash and the object.
///
/// Why not a `[EntityKey: KeyState]`: a lookup there reads a bitmap word, then the stored key (56 bytes a bucket), then
/// the value, three cache misses in a row for a rule keyed by login across 100,000 accounts, and every evaluation of a
/// keyed rule starts with one. Here an entry is 16 bytes, four to a cache line, and the key itself is compared in the
/// state, which the evaluation reads next anyway: one miss finds the state. The table holds its states strongly,
/// through `Unmanaged`, and releases them when they are removed or the table goes.
final class KeyTable<State: KeyTableEntry> {
    /// An entry: the key's hash and its state; `state == nil` is empty.
    private struct Slot {
        var hash: UInt64
        var state: Unmanaged<State>?

        static var empty: Slot { Slot(hash: 0, state: nil) }
    }

    /// A power of two in size, at most half full, so a lookup of a missing key stops after a few entries.
    private var slots: UnsafeMutableBufferPointer<Slot>
    private(set) var count = 0

    init() {
        slots = LinearProbing.allocate(empty: .empty, count: 8)
    }

    deinit {
        for slot in slots { slot.state?.release() }
        LargeAllocation.deallocate(slots.baseAddress!)
    }

    var isEmpty: Bool { count == 0 }

    /// Lets go of every state.
    func removeAll() {
        for index in slots.indices {
            slots[index].state?.release()
            slots[index] = .empty
        }
        count = 0
    }

    /// Every state, in no particular order.
    var values: [State] {
        slots.compactMap { $0.state?.takeUnretainedValue() }
    }

    /// The state of `entity`, if the rule has one.
    subscript(entity: EntityKey) -> State? {
        guard let index = find(entity) else { return nil }
        return slots[index].state!.takeUnretainedValue()
    }

    /// Adds a state under its own key, replacing a state with the same key.
    func insert(_ state: State) {
        let hash = state.entity.tableHash
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while let existing = slots[index].state {
            if slots[index].hash == hash, existing.takeUnretainedValue().entity == state.entity {
                existing.release()
                slots[index].state = .passRetained(state)
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, state: .passRetained(state))
        count += 1
        if count * 2 > slots.count { grow() }
    }

    /// Removes the state of `entity`, if any.
    func remove(_ entity: EntityKey) {
        guard let index = find(entity) else { return }
        slots[index].state!.release()
        count -= 1
        let mask = slots.count - 1
        LinearProbing.remove(
            at: index, in: slots, empty: .empty, isEmpty: { $0.state == nil },
            home: { Int(truncatingIfNeeded: $0.hash) & mask })
    }

    private func find(_ entity: EntityKey) -> Int? {
        let hash = entity.tableHash
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while let state = slots[index].state {
            if slots[index].hash == hash, state._withUnsafeGuaranteedRef({ $0.entity == entity }) { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Doubles the table, placing every entry again.
    private func grow() {
        let old = slots
        slots = LinearProbing.allocate(empty: .empty, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.state != nil {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].state != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
        LargeAllocation.deallocate(old.baseAddress!)
    }
}
