import CPluginClient
import Delivery
import Foundation
import Logging
import RuleLanguage
import Yams

extension ConfigurationReader {
    static let topLevelKeys = [
        "environment", "api", "credentials", "platforms", "hub", "rules", "watchRules", "store", "record", "status",
        "log", "mail", "receivers", "state",
    ]

    /// Reads every section; nil when any error was found (all of them are in ``diagnostics``).
    mutating func readConfiguration(root: Node) -> RuntimeConfiguration? {
        let top = section(root, keyPath: "", allowed: Self.topLevelKeys)
        guard case .mapping = root else { return nil }
        let environment = readEnvironment(top)
        let credentials = readCredentials(top, simulator: environment?.name == "simulator")
        let platforms = readPlatforms(top["platforms"])
        let hub = readHub(top["hub"])
        let rulePaths = readRulePaths(top)
        let watchRules = top["watchRules"].flatMap { boolean($0, "watchRules") } ?? true
        let storePath = readPath(top["store"], "store") ?? resolvePath(RuntimeConfiguration.defaultStorePath)
        let recordPath = readPath(top["record"], "record")
        let status = readStatus(top["status"])
        let logLevel = readLogLevel(top["log"])
        let mail = readMail(top["mail"])
        let receivers = readReceivers(top["receivers"])
        let snapshotInterval = readSnapshotInterval(top["state"])
        guard let environment, !hasErrors else { return nil }

        var configuration = RuntimeConfiguration(
            environment: environment.value, environmentName: environment.name, rulePaths: rulePaths,
            storePath: storePath, sourcePath: path)
        configuration.credentials = credentials
        configuration.platforms = platforms
        configuration.hub = hub
        configuration.watchRules = watchRules
        configuration.recordPath = recordPath
        configuration.status = status
        configuration.logLevel = logLevel
        configuration.mail = mail
        configuration.receivers = receivers
        configuration.snapshotInterval = snapshotInterval
        configuration.warnings = diagnostics.filter { !$0.isError }
        configuration.locations = locations
        return configuration
    }

    // MARK: CPlugin

    /// `environment: production|sandbox|simulator|URL[,URL…]`, or `api: {urls: […]}` for a deployment of one's own;
    /// `api.tokenURL` and `api.sidecarURL` refine either.
    mutating func readEnvironment(_ top: ConfigurationSection) -> (value: CPluginEnvironment, name: String)? {
        let api = section(top["api"], keyPath: "api", allowed: ["urls", "tokenURL", "sidecarURL"])
        let names = ["production", "sandbox", "simulator"]
        var result: (value: CPluginEnvironment, name: String)?
        var failed = false
        if let node = top["environment"] {
            remember("environment", node)
            if let text = text(node, "environment", expected: "production, sandbox, simulator or a base URL") {
                let word = text.trimmingCharacters(in: .whitespaces)
                if word.lowercased() == "simulator" {
                    result = (.simulatorDefault, "simulator")
                } else {
                    do {
                        let environment = try CPluginEnvironment(parsing: word)
                        result = (environment, environment.kind.rawValue)
                    } catch .unrecognized {
                        error(
                            "'environment' must be production, sandbox, simulator or a base URL, not '\(word)'",
                            at: node,
                            hint: Suggestion.hint(for: word, among: names)
                                ?? "for a deployment of your own, list its URLs under 'api: urls:'")
                    } catch {
                        self.error("'environment': \(error.description)", at: node)
                    }
                }
            }
            failed = result == nil
        }
        if let node = api["urls"] {
            let items = list(node, "api.urls")
            var urls: [URL] = []
            for (index, item) in items.enumerated() {
                remember("api.urls[\(index)]", item)
                if let url = url(item, "api.urls[\(index)]") { urls.append(url) }
            }
            if top["environment"] != nil {
                error(
                    "'api.urls' and 'environment' both say where the API is", at: api.keyNode("urls"),
                    hint: "keep 'environment' (production, sandbox, simulator) or 'api.urls' (your own list), not both")
            } else if items.isEmpty {
                error("'api.urls' lists no URL", at: node, hint: "list base URLs in failover order, one per line")
            } else if urls.count == items.count, let environment = try? CPluginEnvironment.custom(apiBaseURLs: urls) {
                result = (environment, "custom")
            }
            failed = result == nil
        }
        if top["environment"] == nil, api["urls"] == nil {
            error(
                "the configuration is missing 'environment'", at: top.node,
                hint: "add 'environment: production' (or sandbox, simulator), or list your own API URLs under "
                    + "'api: urls:'")
        }
        if let node = api["tokenURL"], let url = url(node, "api.tokenURL") {
            result?.value.tokenEndpoint = .url(url)
        }
        if let node = api["sidecarURL"], let url = url(node, "api.sidecarURL") {
            result?.value.sidecarBaseURL = url
        }
        return failed ? nil : result
    }

    /// Absent: the standard `MTRULES_CLIENT_*` variables (the simulator's own demo credentials for `simulator`).
    mutating func readCredentials(_ top: ConfigurationSection, simulator: Bool) -> CredentialSources {
        guard let node = top["credentials"] else { return simulator ? .simulator : .standard }
        remember("credentials", node)
        let section = section(node, keyPath: "credentials", allowed: ["clientID", "clientSecret"])
        var sources = CredentialSources()
        if let node = section["clientID"] {
            remember("credentials.clientID", node)
            sources.clientID = secret(node, "credentials.clientID", literalRefusal: nil)
        }
        if let node = section["clientSecret"] {
            remember("credentials.clientSecret", node)
            sources.clientSecret = secret(
                node, "credentials.clientSecret",
                literalRefusal: "a client secret in the file is seen by version control, backups and anyone who can "
                    + "read it")
        }
        return sources
    }

    /// `all` (the default), one name or id, or a list of them.
    mutating func readPlatforms(_ node: Node?) -> PlatformSelection {
        guard let node else { return .all }
        remember("platforms", node)
        if case .scalar(let scalar) = node, scalar.string.lowercased() == "all" { return .all }
        let items = list(node, "platforms")
        var entries: [String] = []
        for (index, item) in items.enumerated() {
            let keyPath = "platforms[\(index)]"
            remember(keyPath, item)
            guard let text = text(item, keyPath, expected: "a platform name or id") else { continue }
            if text.lowercased() == "all" {
                error("'all' cannot be listed with platform names", at: item, hint: "write 'platforms: all' alone")
            } else {
                entries.append(text.trimmingCharacters(in: .whitespaces))
            }
        }
        if case .sequence = node, items.isEmpty {
            error("'platforms' lists no platform", at: node, hint: "write 'platforms: all', or list names or ids")
        }
        return .only(entries)
    }

    mutating func readHub(_ node: Node?) -> HubSettings {
        let section = section(node, keyPath: "hub", allowed: ["version", "transports"])
        var settings = HubSettings()
        if let node = section["version"], let word = choice(node, "hub.version", among: ["v2", "v1"]) {
            settings.version = PlatformHub.HubVersion(rawValue: word) ?? .v2
        }
        if let node = section["transports"] {
            var transports: [HubTransportKind] = []
            let items = list(node, "hub.transports")
            for (index, item) in items.enumerated() {
                guard let text = text(item, "hub.transports[\(index)]", expected: "a transport") else { continue }
                guard let kind = HubTransportKind(argument: text) else {
                    let names = ["websockets", "sse", "longpolling"]
                    error(
                        "'hub.transports[\(index)]' must be one of \(names.joined(separator: ", ")), not '\(text)'",
                        at: item, hint: Suggestion.hint(for: text, among: names))
                    continue
                }
                if !transports.contains(kind) { transports.append(kind) }
            }
            if items.isEmpty {
                error("'hub.transports' lists no transport", at: node, hint: "leave it out to try all of them")
            } else if !transports.isEmpty {
                settings.transports = transports
            }
        }
        return settings
    }

    // MARK: Files

    mutating func readRulePaths(_ top: ConfigurationSection) -> [String] {
        guard let node = top["rules"] else {
            require(["rules"], in: top, example: ["rules": "rules: [rules/]"])
            return []
        }
        remember("rules", node)
        var paths: [String] = []
        for (index, item) in list(node, "rules").enumerated() {
            remember("rules[\(index)]", item)
            if let text = text(item, "rules[\(index)]", expected: "a file or directory path") {
                paths.append(resolvePath(text))
            }
        }
        if case .sequence(let sequence) = node, sequence.isEmpty {
            error("'rules' lists no path", at: node, hint: "list rule files or directories of *.rules")
        }
        return paths
    }

    mutating func readPath(_ node: Node?, _ keyPath: String) -> String? {
        guard let node else { return nil }
        remember(keyPath, node)
        return text(node, keyPath, expected: "a file path").map(resolvePath)
    }

    // MARK: Service

    mutating func readStatus(_ node: Node?) -> StatusSettings {
        let section = section(node, keyPath: "status", allowed: ["listen", "bearerToken"])
        var settings = StatusSettings()
        if let node = section["listen"], let text = text(node, "status.listen", expected: "host:port or off") {
            remember("status.listen", node)
            if ["off", "false", "no"].contains(text.lowercased()) {
                settings.listen = nil
            } else if let address = ListenAddress(parsing: text) {
                settings.listen = address
            } else {
                error(
                    "'status.listen': '\(text)' is not an address to listen on", at: node,
                    hint: "write host:port such as 127.0.0.1:9108 or [::1]:9108, or off")
            }
        }
        if let node = section["bearerToken"] {
            remember("status.bearerToken", node)
            settings.bearerToken = secret(
                node, "status.bearerToken",
                literalRefusal: "the token is a password and the file is seen by version control and backups")
        }
        if let listen = settings.listen, !listen.isLoopback, section["bearerToken"] == nil {
            warning(
                "the status page on \(listen) is reachable from the network without a bearer token",
                at: section["listen"],
                hint: "add 'bearerToken: {file: /etc/mtrules/status-token}', or listen on 127.0.0.1")
        }
        return settings
    }

    mutating func readLogLevel(_ node: Node?) -> Logger.Level {
        let section = section(node, keyPath: "log", allowed: ["level"])
        guard let node = section["level"],
            let word = choice(node, "log.level", among: Logger.Level.allCases.map(\.rawValue))
        else { return .info }
        return Logger.Level(rawValue: word) ?? .info
    }

    mutating func readMail(_ node: Node?) -> MailChannel.Settings {
        let section = section(node, keyPath: "mail", allowed: ["senderLogin", "senderName", "lists"])
        var settings = MailChannel.Settings()
        if let node = section["senderLogin"], let login = integer(node, "mail.senderLogin", in: 0...Int(Int32.max)) {
            settings.senderLogin = login
        }
        if let node = section["senderName"], let name = text(node, "mail.senderName") {
            settings.senderName = name.isEmpty ? nil : name
        }
        guard let node = section["lists"] else { return settings }
        guard case .mapping(let mapping) = node else {
            error(
                "'mail.lists' must be a mapping of list names to logins, not \(Self.describe(node))", at: node,
                hint: "write, indented under it: vip_desk: [1001, 1002]")
            return settings
        }
        for (key, value) in mapping {
            guard let name = text(key, "mail.lists", expected: "a list name") else { continue }
            let keyPath = "mail.lists.\(name)"
            remember(keyPath, key)
            var logins: [Int] = []
            for (index, item) in list(value, keyPath).enumerated() {
                if let login = integer(item, "\(keyPath)[\(index)]", in: 1...Int(Int32.max)) { logins.append(login) }
            }
            settings.lists[name] = logins
        }
        return settings
    }

    mutating func readSnapshotInterval(_ node: Node?) -> Duration {
        let section = section(node, keyPath: "state", allowed: ["snapshotInterval"])
        guard let node = section["snapshotInterval"] else { return .seconds(30) }
        return duration(node, "state.snapshotInterval") ?? .seconds(30)
    }
}
