/// What the x86 sidecar said when it accepted a `MailSend` or `NewsSend`: enough to audit the delivery.
public struct SidecarReceipt: Sendable, Hashable {
    /// The server's trace id (`meta.activityId`).
    public var activityId: String?
    /// `X-Request-Outcome` (e.g. `Completed`), on servers that send it.
    public var requestOutcome: String?

    public init(activityId: String?, requestOutcome: String?) {
        self.activityId = activityId
        self.requestOutcome = requestOutcome
    }
}
