import AlertModel
import RuleEngine

/// The difference between two rule sets over the same recording: what only one of them fired or sent, and what
/// both did at different times or with different words. Alerts are matched by key and state in order (the second
/// firing of an alert in A with the second in B); notifications by key, reason and destination in order.
public struct ReplayComparison: Sendable {
    /// An alert transition both made, at different times.
    public struct AlertDifference: Sendable, Hashable {
        public var key: AlertKey
        public var state: AlertState
        public var a: Timestamp
        public var b: Timestamp
    }

    /// A notification both sent, at different times or with different text.
    public struct NotificationDifference: Sendable, Hashable {
        public var a: ReplayedNotification
        public var b: ReplayedNotification
    }

    public var alertsOnlyInA: [AlertTransition] = []
    public var alertsOnlyInB: [AlertTransition] = []
    public var alertsAtDifferentTimes: [AlertDifference] = []
    public var notificationsOnlyInA: [ReplayedNotification] = []
    public var notificationsOnlyInB: [ReplayedNotification] = []
    public var notificationsChanged: [NotificationDifference] = []

    /// True when both rule sets fired, resolved and sent the same things at the same times.
    public var isEmpty: Bool {
        alertsOnlyInA.isEmpty && alertsOnlyInB.isEmpty && alertsAtDifferentTimes.isEmpty
            && notificationsOnlyInA.isEmpty && notificationsOnlyInB.isEmpty && notificationsChanged.isEmpty
    }

    /// Compares the firings and resolutions (pending is an internal step, not compared) and the notifications.
    public init(a: ReplayResult, b: ReplayResult) {
        struct AlertMatch: Hashable {
            var key: AlertKey
            var state: AlertState
        }
        let (onlyA, onlyB, both) = Self.match(
            a.transitions.filter { $0.to == .firing || $0.to == .resolved },
            b.transitions.filter { $0.to == .firing || $0.to == .resolved },
            by: { AlertMatch(key: $0.key, state: $0.to) })
        alertsOnlyInA = onlyA
        alertsOnlyInB = onlyB
        alertsAtDifferentTimes = both.filter { $0.0.at != $0.1.at }.map {
            AlertDifference(key: $0.0.key, state: $0.0.to, a: $0.0.at, b: $0.1.at)
        }
        struct NotificationMatch: Hashable {
            var key: AlertKey
            var reason: NotificationReason
            var destination: String
        }
        let (notifiedA, notifiedB, notifiedBoth) = Self.match(
            a.notifications, b.notifications,
            by: { NotificationMatch(key: $0.key, reason: $0.reason, destination: $0.destination) })
        notificationsOnlyInA = notifiedA
        notificationsOnlyInB = notifiedB
        notificationsChanged = notifiedBoth.filter { $0.0.time != $0.1.time || $0.0.text != $0.1.text }.map {
            NotificationDifference(a: $0.0, b: $0.1)
        }
    }

    /// Pairs the n-th item of A with the n-th of B that has the same match key; the rest are A's or B's alone.
    /// Each list keeps its input order.
    private static func match<Item, Key: Hashable>(
        _ a: [Item], _ b: [Item], by key: (Item) -> Key
    ) -> (onlyA: [Item], onlyB: [Item], both: [(Item, Item)]) {
        var queues: [Key: [Int]] = [:]
        for (index, item) in b.enumerated() { queues[key(item), default: []].append(index) }
        var cursors: [Key: Int] = [:]
        var onlyA: [Item] = []
        var both: [(Item, Item)] = []
        var paired = Set<Int>()
        for item in a {
            let matchKey = key(item)
            let cursor = cursors[matchKey, default: 0]
            if let candidates = queues[matchKey], cursor < candidates.count {
                both.append((item, b[candidates[cursor]]))
                paired.insert(candidates[cursor])
                cursors[matchKey] = cursor + 1
            } else {
                onlyA.append(item)
            }
        }
        let onlyB = b.indices.filter { !paired.contains($0) }.map { b[$0] }
        return (onlyA, onlyB, both)
    }
}
