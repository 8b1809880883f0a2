/// A binary min-heap of timers ordered by due time, then by insertion, so equal times fire in a fixed order.
struct TimerQueue {
    struct Entry {
        var due: Int64
        var sequence: UInt64
        var rule: Int
        /// Nil for a rule-level timer (a flood-limit summary).
        var state: KeyState?
    }

    private var heap: [Entry] = []
    private var sequence: UInt64 = 0
    /// The earliest due time, `Int64.max` when there is none: the engine checks it on every event, and reading the
    /// heap's first entry copied it (retaining its state) each time.
    private(set) var earliestDue: Int64 = .max

    var count: Int { heap.count }
    var nextDue: Int64? { heap.isEmpty ? nil : earliestDue }

    mutating func schedule(due: Int64, rule: Int, state: KeyState?) {
        sequence += 1
        heap.append(Entry(due: due, sequence: sequence, rule: rule, state: state))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        earliestDue = heap[0].due
    }

    /// Removes and returns the earliest timer due at or before `time`.
    mutating func popDue(atOrBefore time: Int64) -> Entry? {
        guard earliestDue <= time, let first = heap.first else { return nil }
        defer { earliestDue = heap.isEmpty ? .max : heap[0].due }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }

    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.due != b.due ? a.due < b.due : a.sequence < b.sequence
    }
}
