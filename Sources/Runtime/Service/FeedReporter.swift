import AlertModel
import CPluginClient

/// What a platform feed tells the rest of the service (status page, metrics, the demo's terminal) about its link.
public protocol FeedReporter: Sendable {
    func connecting(_ platform: String)
    func connection(_ platform: String, _ event: HubConnectionEvent)
    func event(_ platform: String, stream: String, at time: Timestamp)
    func resynced(_ platform: String, accounts: Int, openTrades: Int, at time: Timestamp)
    func resyncFailed(_ platform: String, error: String)
    func stopped(_ platform: String)
}
