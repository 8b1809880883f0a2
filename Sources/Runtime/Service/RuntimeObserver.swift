import AlertModel
import CPluginClient
import RuleEngine

/// Hears what the running service does, for a terminal (`mtrules demo`, `mtrules run` in the foreground) or tests.
/// Every method has a default that does nothing.
public protocol RuntimeObserver: Sendable {
    func started(platforms: [String], rules: Int)
    func statusPage(_ url: String)
    func connection(_ platform: String, _ event: HubConnectionEvent)
    func resynced(_ platform: String, accounts: Int, openTrades: Int)
    func resyncFailed(_ platform: String)
    /// One hub item reached the engine.
    func event(_ platform: String)
    /// An engine output after it was committed to the store.
    func output(_ output: EngineOutput)
    func reloaded(_ summary: String)
    func reloadRefused(_ diagnostics: [String])
}

extension RuntimeObserver {
    public func started(platforms: [String], rules: Int) {}
    public func statusPage(_ url: String) {}
    public func connection(_ platform: String, _ event: HubConnectionEvent) {}
    public func resynced(_ platform: String, accounts: Int, openTrades: Int) {}
    public func resyncFailed(_ platform: String) {}
    public func event(_ platform: String) {}
    public func output(_ output: EngineOutput) {}
    public func reloaded(_ summary: String) {}
    public func reloadRefused(_ diagnostics: [String]) {}
}
