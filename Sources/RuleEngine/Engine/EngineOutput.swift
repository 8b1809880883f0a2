import AlertModel

/// What the engine produced for one event or clock advance, in the order it happened.
public struct EngineOutput: Sendable {
    public var transitions: [AlertTransition] = []
    public var notifications: [AlertNotification] = []

    public init() {}

    public var isEmpty: Bool { transitions.isEmpty && notifications.isEmpty }

    public mutating func append(_ other: EngineOutput) {
        transitions += other.transitions
        notifications += other.notifications
    }
}

/// One alert as it stands now.
public struct AlertSnapshot: Sendable, Hashable {
    public var key: AlertKey
    public var status: AlertStatus
    public var severity: Severity
}
