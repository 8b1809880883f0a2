import CPluginClient
import Delivery
import Foundation
import Logging

/// Everything `mtrules run` needs, read from `mtrules.yaml`, checked and resolved: paths are absolute (relative ones
/// are taken from the configuration file's directory), durations parsed, receivers validated. Secrets stay
/// ``SecretValue`` sources until ``loadCredentials(environment:)`` or a channel reads them at startup.
///
/// Build one with ``load(path:)``; ``check(environment:)`` then says whether it can run on this machine without
/// connecting to anything (`mtrules run --check-config`).
public struct RuntimeConfiguration: Sendable {
    /// The configuration file, as given; messages point into it.
    public var sourcePath: String
    /// The CPlugin deployment: API base URLs in failover order, token endpoint, x86 sidecar.
    public var environment: CPluginEnvironment
    /// `production`, `sandbox`, `simulator` or `custom`, as the file chose it, for logs and the status page.
    public var environmentName: String
    public var credentials: CredentialSources
    public var platforms: PlatformSelection
    public var hub: HubSettings
    /// Rule files or directories of `*.rules`, absolute.
    public var rulePaths: [String]
    /// Reload the rules when a rule file changes (SIGHUP always reloads).
    public var watchRules: Bool
    /// The SQLite alert store, absolute.
    public var storePath: String
    /// Where to record the raw hub stream for `mtrules replay`; nil records nothing.
    public var recordPath: String?
    public var status: StatusSettings
    public var logLevel: Logger.Level
    /// Sender and named recipient lists of `mail` actions.
    public var mail: MailChannel.Settings
    /// Webhook receivers, by the names rules use; names are unique.
    public var receivers: [WebhookReceiver]
    /// How often the engine's state (pending timers, windows) is saved, bounding what a crash forgets.
    public var snapshotInterval: Duration
    /// Non-fatal findings of the load (a status page open to the network without a token, …).
    public var warnings: [ConfigurationDiagnostic]
    /// Where each checked key was written (`rules[0]`, `credentials.clientSecret`, `receivers[2]`).
    var locations: [String: ConfigurationLocation]

    /// A configuration built in code, with the defaults a file gets for every key not given.
    public init(
        environment: CPluginEnvironment, environmentName: String? = nil, rulePaths: [String], storePath: String,
        sourcePath: String = "<code>"
    ) {
        self.sourcePath = sourcePath
        self.environment = environment
        self.environmentName = environmentName ?? environment.kind.rawValue
        self.credentials = .standard
        self.platforms = .all
        self.hub = HubSettings()
        self.rulePaths = rulePaths
        self.watchRules = true
        self.storePath = storePath
        self.recordPath = nil
        self.status = StatusSettings()
        self.logLevel = .info
        self.mail = MailChannel.Settings()
        self.receivers = []
        self.snapshotInterval = .seconds(30)
        self.warnings = []
        self.locations = [:]
    }

    /// Where a key was written, as `rules[0]`, `store`, `credentials.clientSecret`, `receivers[1]`, `platforms[0]`:
    /// for errors found later (a listed platform that does not exist) to point into the file too.
    public func location(of keyPath: String) -> ConfigurationLocation {
        locations[keyPath] ?? ConfigurationLocation(path: sourcePath)
    }

    /// The store's default, beside the configuration: the same path the CLI's `--store` defaults to.
    public static let defaultStorePath = "mtrules-state/alerts.sqlite"
}
