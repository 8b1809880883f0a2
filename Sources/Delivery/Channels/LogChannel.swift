import AlertModel
import Logging

/// The `log` action: the text goes to the service's log at the notification's severity, nowhere else.
public struct LogChannel: DeliveryChannel {
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public var name: String { "log" }
    public var supportsBatches: Bool { false }

    public func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome {
        for notification in batch {
            guard case .log(let text) = notification.action else { continue }
            let level: Logger.Level =
                switch notification.severity {
                case .critical: .critical
                case .warning: .warning
                default: .notice
                }
            logger.log(
                level: level, "\(text)",
                metadata: ["alert": "\(notification.key)", "reason": "\(notification.reason.rawValue)"])
        }
        return .delivered
    }
}
