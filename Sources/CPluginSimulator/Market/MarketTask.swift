/// Something the model must do at a later step: a client's next decision, a planned close, one order of a burst.
/// Tasks due at the same step run in the order they were scheduled (`sequence`), which keeps runs reproducible.
struct MarketTask: Sendable {
    enum Kind: Sendable {
        /// A simulated client decides what to do next.
        case decide(account: Int)
        /// A planned close of an open order (ignored if it is already closed).
        case close(order: Int)
        /// A scalp checks whether it shows a profit yet; it closes anyway at `deadline`.
        case scalpCheck(order: Int, deadline: Int)
        /// One order of a burst or a scalping session.
        case open(account: Int, symbol: Int, style: TradeStyle)
        /// The data pump comes back up (ignored if a later pump action superseded it).
        case pumpUp(generation: Int)
    }

    /// How an order was placed, which decides its size, side and how long it is held.
    enum TradeStyle: Sendable {
        case burst, scalp
    }

    var step: Int
    var sequence: UInt64
    var kind: Kind

    func precedes(_ other: MarketTask) -> Bool {
        step != other.step ? step < other.step : sequence < other.sequence
    }
}

/// A binary min-heap of tasks by (step, sequence): O(log n) per task, so a step costs what is due in it, not what
/// is scheduled.
struct TaskQueue: Sendable {
    private var heap: [MarketTask] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }

    mutating func schedule(_ kind: MarketTask.Kind, at step: Int) {
        heap.append(MarketTask(step: step, sequence: nextSequence, kind: kind))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the first task due at or before `step`.
    mutating func popDue(atOrBefore step: Int) -> MarketTask? {
        guard let first = heap.first, first.step <= step else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
