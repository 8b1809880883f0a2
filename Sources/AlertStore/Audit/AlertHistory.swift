import AlertModel

/// Everything the store knows of one alert, in time order: the "explain" of `mtrules alerts`.
public struct AlertHistory: Sendable, Hashable, Codable {
    /// One entry of the history.
    public enum Event: Sendable, Hashable, Codable {
        case transition(TransitionRecord)
        case notification(NotificationRecord)
        case delivery(DeliveryRecord)

        public var time: Timestamp {
            switch self {
            case .transition(let record): return record.at
            case .notification(let record): return record.notification.time
            case .delivery(let record): return record.at
            }
        }

        /// At equal times a transition comes before the notification it caused, and that before its delivery.
        var rank: Int {
            switch self {
            case .transition: return 0
            case .notification: return 1
            case .delivery: return 2
            }
        }

        var sequence: Int64 {
            switch self {
            case .transition(let record): return record.sequence
            case .notification(let record): return record.sequence
            case .delivery(let record): return record.sequence
            }
        }
    }

    public var key: AlertKey
    /// Its current state; nil for keys that only ever had notifications (a `limit` summary).
    public var alert: StoredAlert?
    public var events: [Event]

    public init(key: AlertKey, alert: StoredAlert?, events: [Event]) {
        self.key = key
        self.alert = alert
        self.events = events
    }
}
