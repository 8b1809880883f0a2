import AlertModel
import CPluginClient

/// What `mtrules demo` shows as it runs; the command prints these, tests collect them.
public protocol DemoObserver: Sendable {
    /// The simulator is up: where its API, sidecar and webhook inbox are.
    func started(apiBaseURL: String, sidecarBaseURL: String, rules: Int)
    /// The status page (alerts, notifications, counters) is served here.
    func statusPage(_ url: String)
    func connection(_ event: HubConnectionEvent)
    /// After a (re)connection the accounts' margin levels were read through REST and run through the rules; -1 when
    /// that failed (the streams still run).
    func resynced(accounts: Int)
    /// An alert changed state, with the notifications it caused (already committed to the outbox).
    func transition(_ transition: AlertTransition, notifications: [AlertNotification])
    /// A webhook arrived at the local receiver.
    func webhook(receiver: String, texts: [String])
    func finished(_ report: DemoReport)
}

/// What a demo run did, for the closing summary and for tests.
public struct DemoReport: Sendable, Hashable {
    public var eventsProcessed: Int
    public var firing: [String]
    public var resolved: [String]
    public var mails: Int
    public var news: Int
    public var webhooks: Int
    public var outboxPending: Int
    public var deadLetters: Int
}
