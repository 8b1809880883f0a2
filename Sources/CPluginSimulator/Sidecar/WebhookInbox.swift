import Foundation
import Synchronization

/// Webhooks posted to the simulator's `/sim/webhooks/{receiver}`: a local stand-in for Slack or an ops endpoint, so
/// `mtrules demo` and tests deliver webhooks over a real socket and can show what arrived.
public final class WebhookInbox: Sendable {
    public struct Delivery: Sendable, Hashable {
        public var time: Date
        public var receiver: String
        public var body: Data
        public var headers: [String: String]
    }

    private let state = Mutex<[Delivery]>([])
    private let listeners = Mutex<[UInt64: @Sendable (Delivery) -> Void]>([:])
    private let nextListener = Atomic<UInt64>(0)

    public init() {}

    public var deliveries: [Delivery] { state.withLock { $0 } }

    func record(_ delivery: Delivery) {
        state.withLock { $0.append(delivery) }
        for listener in listeners.withLock({ Array($0.values) }) { listener(delivery) }
    }

    /// Calls `listener` for every webhook from now on (the demo prints them as they arrive).
    public func onDelivery(_ listener: @escaping @Sendable (Delivery) -> Void) {
        let id = nextListener.add(1, ordering: .relaxed).newValue
        listeners.withLock { $0[id] = listener }
    }

    public func clear() { state.withLock { $0.removeAll() } }
}
