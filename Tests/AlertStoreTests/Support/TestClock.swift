import AlertModel
import Synchronization

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Int64>

    init(_ milliseconds: Int64 = 1_000_000) {
        current = Mutex(milliseconds)
    }

    var now: Timestamp { Timestamp(milliseconds: current.withLock { $0 }) }

    func advance(by milliseconds: Int64) {
        current.withLock { $0 += milliseconds }
    }

    /// The closure `AlertStore` takes.
    var source: @Sendable () -> Timestamp { { [self] in now } }
}
