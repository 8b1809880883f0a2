import AlertModel

/// The state of one alert, as the state machine sees it.
public struct AlertStatus: Sendable, Hashable, Codable {
    public var state: AlertState
    /// When the current state began.
    public var since: Timestamp
    /// When the alert last started firing.
    public var firedAt: Timestamp?
    public var lastNotifiedAt: Timestamp?
    /// The measured value at the last `step` notification.
    public var stepLevel: Double?
    /// Notifications made since the alert started firing, for stable notification ids.
    public var notificationCount: Int

    public static func inactive(at time: Timestamp) -> AlertStatus {
        AlertStatus(
            state: .inactive, since: time, firedAt: nil, lastNotifiedAt: nil, stepLevel: nil, notificationCount: 0)
    }
}

/// A rule's timing and re-alert settings, the only inputs to the state machine besides observations.
public struct AlertPolicy: Sendable, Hashable {
    public var holdFor: Int64
    public var renotify: Int64?
    public var step: (amount: Double, lowerIsWorse: Bool)?
    /// Fires and resolves on the same observation (one-off events such as a trade being opened).
    public var isMomentary: Bool
    /// How long a resolved alert stays listed as resolved before it becomes inactive again.
    public var resolvedRetention: Int64

    /// Resolved alerts stay visible for 15 minutes, as Alertmanager keeps resolved alerts.
    public static let defaultResolvedRetention: Int64 = 15 * 60 * 1000

    public init(
        holdFor: Int64, renotify: Int64?, step: (amount: Double, lowerIsWorse: Bool)?, isMomentary: Bool,
        resolvedRetention: Int64 = defaultResolvedRetention
    ) {
        self.holdFor = holdFor
        self.renotify = renotify
        self.step = step
        self.isMomentary = isMomentary
        self.resolvedRetention = resolvedRetention
    }

    public static func == (lhs: AlertPolicy, rhs: AlertPolicy) -> Bool {
        lhs.holdFor == rhs.holdFor && lhs.renotify == rhs.renotify && lhs.isMomentary == rhs.isMomentary
            && lhs.resolvedRetention == rhs.resolvedRetention
            && lhs.step?.amount == rhs.step?.amount && lhs.step?.lowerIsWorse == rhs.step?.lowerIsWorse
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(holdFor)
        hasher.combine(renotify)
        hasher.combine(isMomentary)
        hasher.combine(step?.amount)
    }
}

/// What the rule's conditions said at one evaluation.
public struct AlertObservation: Sendable, Hashable {
    /// `when` holds.
    public var active: Bool
    /// `clear when` holds (or `when` does not, when the rule has no `clear when`).
    public var cleared: Bool
    /// The `step` measure, when the rule has one.
    public var measure: Double?

    public init(active: Bool, cleared: Bool, measure: Double? = nil) {
        self.active = active
        self.cleared = cleared
        self.measure = measure
    }
}

/// What a transition asks the engine to do.
public enum AlertEffect: Sendable, Hashable {
    case transition(from: AlertState, to: AlertState)
    case notify(NotificationReason)
}
