import AlertModel
import CPluginClient

/// Tells the status page, the metrics and the terminal (when there is one) what each platform feed does.
struct StatusFeedReporter: FeedReporter {
    let status: RuntimeStatus
    let observer: (any RuntimeObserver)?

    func connecting(_ platform: String) {
        status.platformConnecting(name: platform)
    }

    func connection(_ platform: String, _ event: HubConnectionEvent) {
        switch event {
        case .connected, .reconnected: status.platformConnected(name: platform)
        case .reconnecting: status.platformReconnecting(name: platform)
        case .stopped(let reason): status.platformStopped(name: platform, reason: reason)
        }
        observer?.connection(platform, event)
    }

    func event(_ platform: String, stream: String, at time: Timestamp) {
        status.eventsReceived(platform: platform, stream: stream, at: time)
        observer?.event(platform)
    }

    func resynced(_ platform: String, accounts: Int, openTrades: Int, at time: Timestamp) {
        status.platformResynced(name: platform, accounts: accounts, at: time)
        observer?.resynced(platform, accounts: accounts, openTrades: openTrades)
    }

    func resyncFailed(_ platform: String, error: String) {
        observer?.resyncFailed(platform)
    }

    func stopped(_ platform: String) {
        status.platformStopped(name: platform, reason: "shut down")
    }
}
