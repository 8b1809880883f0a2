import CPluginClient
import Delivery
import Foundation
import Logging
import Runtime
import Testing

@Suite("Loading mtrules.yaml")
struct ConfigurationLoadingTests {
    static let full = """
        environment: sandbox
        api:
          sidecarURL: https://x86.example.com
          tokenURL: https://auth.example.com/connect/token
        credentials:
          clientID: risk-desk
          clientSecret: {file: secrets/cplugin}
        platforms: [MT4-Live, 6F1C2A9E-4B7D-4C1E-9A53-0D2E8F4B7A10]
        hub:
          version: v1
          transports: [sse, longpolling]
        rules: [rules, /srv/extra.rules]
        watchRules: false
        store: state/alerts.sqlite
        record: state/hub.jsonl
        state:
          snapshotInterval: 5m
        status:
          listen: "[::1]:9200"
          bearerToken: {env: STATUS_TOKEN}
        log:
          level: debug
        mail:
          senderLogin: 42
          senderName: Dealing
          lists:
            managers: [9001, 9002]
        receivers:
          - name: risk_desk
            kind: slack
            url: {env: RISK_DESK_URL}
            rateLimit: 1 per 1s
          - name: on_call
            kind: pagerduty
            routingKey: {file: keys/pd}
            grouping: {window: 0s, maxSize: 1}
        """

    @Test("a full configuration reads into every setting, relative paths from the file's directory")
    func fullConfiguration() throws {
        let configuration = try RuntimeConfiguration.load(text: Self.full, path: "/etc/mtrules/mtrules.yaml")
        #expect(configuration.environmentName == "sandbox")
        #expect(configuration.environment.primaryBaseURL.absoluteString == "https://pre.mywebapi.com")
        #expect(configuration.environment.sidecarBaseURL?.absoluteString == "https://x86.example.com")
        #expect(configuration.environment.tokenEndpoint == .url(URL(string: "https://auth.example.com/connect/token")!))
        #expect(configuration.credentials.clientID == .literal("risk-desk"))
        #expect(configuration.credentials.clientSecret == .file("/etc/mtrules/secrets/cplugin"))
        #expect(configuration.platforms.matches(name: "mt4-live", id: "x"))
        #expect(configuration.platforms.matches(name: "other", id: "6f1c2a9e-4b7d-4c1e-9a53-0d2e8f4b7a10"))
        #expect(!configuration.platforms.matches(name: "MT5-Demo", id: "1"))
        #expect(configuration.hub.version == .v1)
        #expect(configuration.hub.transports == [.serverSentEvents, .longPolling])
        #expect(configuration.rulePaths == ["/etc/mtrules/rules", "/srv/extra.rules"])
        #expect(configuration.watchRules == false)
        #expect(configuration.storePath == "/etc/mtrules/state/alerts.sqlite")
        #expect(configuration.recordPath == "/etc/mtrules/state/hub.jsonl")
        #expect(configuration.snapshotInterval == .seconds(300))
        #expect(configuration.status.listen == ListenAddress(host: "::1", port: 9200))
        #expect(configuration.status.bearerToken == .environment("STATUS_TOKEN"))
        #expect(configuration.logLevel == .debug)
        #expect(configuration.mail.senderLogin == 42)
        #expect(configuration.mail.senderName == "Dealing")
        #expect(configuration.mail.lists == ["managers": [9001, 9002]])
        #expect(configuration.receivers.map(\.name) == ["risk_desk", "on_call"])
        #expect(configuration.receivers[0].rateLimit == RateLimit(count: 1, per: .seconds(1)))
        #expect(configuration.receivers[1].routingKey == .file("/etc/mtrules/keys/pd"))
        #expect(configuration.receivers[1].grouping == .none)
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.location(of: "receivers[1]").description == "/etc/mtrules/mtrules.yaml:33:5")
        #expect(configuration.location(of: "rules[1]").description == "/etc/mtrules/mtrules.yaml:12:16")
    }

    @Test("a minimal configuration takes the documented defaults")
    func defaults() throws {
        let configuration = try RuntimeConfiguration.load(
            text: "environment: production\nrules: rules/\n", path: "/srv/mtrules.yaml")
        #expect(configuration.environment == .production)
        #expect(configuration.credentials == .standard)
        #expect(configuration.platforms == .all)
        #expect(configuration.hub == HubSettings(version: .v2, transports: HubTransportKind.allCases))
        #expect(configuration.rulePaths == ["/srv/rules"])
        #expect(configuration.watchRules)
        #expect(configuration.storePath == "/srv/mtrules-state/alerts.sqlite")
        #expect(configuration.recordPath == nil)
        #expect(configuration.status.listen == ListenAddress(host: "127.0.0.1", port: 9108))
        #expect(configuration.status.bearerToken == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.mail == MailChannel.Settings())
        #expect(configuration.receivers.isEmpty)
        #expect(configuration.snapshotInterval == .seconds(30))
    }

    @Test(
        "each environment form gives its deployment",
        arguments: [
            ("environment: simulator", "http://127.0.0.1:8300", "http://127.0.0.1:8301", "simulator"),
            ("environment: sandbox", "https://pre.mywebapi.com", "https://pre-x86.mywebapi.com", "sandbox"),
            ("environment: http://10.0.0.5:8300", "http://10.0.0.5:8300", nil, "custom"),
            (
                "api:\n  urls: [https://m2.example.com, https://m3.example.com]\n  sidecarURL: https://x86.example.com",
                "https://m2.example.com", "https://x86.example.com", "custom"
            ),
        ] as [(String, String, String?, String)])
    func environments(yaml: String, api: String, sidecar: String?, name: String) throws {
        let configuration = try RuntimeConfiguration.load(text: yaml + "\nrules: [r]\n", path: "c.yaml")
        #expect(configuration.environment.primaryBaseURL.absoluteString == api)
        #expect(configuration.environment.sidecarBaseURL?.absoluteString == sidecar)
        #expect(configuration.environmentName == name)
    }

    @Test("a failover list keeps its order and discovers the token endpoint at the first URL")
    func failoverList() throws {
        let yaml = "api:\n  urls:\n    - https://a.example.com\n    - https://b.example.com\nrules: [r]\n"
        let configuration = try RuntimeConfiguration.load(text: yaml, path: "c.yaml")
        #expect(configuration.environment.apiBaseURLs.map(\.host) == ["a.example.com", "b.example.com"])
        #expect(configuration.environment.tokenEndpoint == .discovery(authority: URL(string: "https://a.example.com")!))
    }

    @Test("the simulator environment defaults to the simulator's own demo credentials")
    func simulatorCredentials() throws {
        let configuration = try RuntimeConfiguration.load(text: "environment: simulator\nrules: [r]", path: "c.yaml")
        let credentials = try configuration.loadCredentials(environment: [:])
        #expect(credentials == ClientCredentials(clientID: "demo", clientSecret: "demo-secret"))
    }

    @Test("listen: off turns the status server off; a bare port listens on loopback")
    func statusListen() throws {
        let off = try RuntimeConfiguration.load(
            text: "environment: sandbox\nrules: [r]\nstatus:\n  listen: off\n", path: "c.yaml")
        #expect(off.status.listen == nil)
        let port = try RuntimeConfiguration.load(
            text: "environment: sandbox\nrules: [r]\nstatus:\n  listen: 9300\n", path: "c.yaml")
        #expect(port.status.listen == ListenAddress(host: "127.0.0.1", port: 9300))
    }

    @Test("a status page open to the network without a token loads with a warning at 'listen'")
    func openStatusWarning() throws {
        let configuration = try RuntimeConfiguration.load(
            text: "environment: sandbox\nrules: [r]\nstatus:\n  listen: 0.0.0.0:9108\n", path: "c.yaml")
        #expect(configuration.warnings.map(\.location.description) == ["c.yaml:4:11"])
        #expect(configuration.warnings.first?.severity == .warning)
    }

    @Test("both shipped examples load", arguments: ["mtrules.production.yaml", "mtrules.sandbox.yaml"])
    func examplesLoad(file: String) throws {
        let path = Self.examples.appendingPathComponent(file).path
        let configuration = try RuntimeConfiguration.load(path: path)
        #expect(Set(configuration.receivers.map(\.name)).isSuperset(of: ["risk_desk", "dealing"]))
        #expect(configuration.warnings.isEmpty)
    }

    @Test("the sandbox example checks clean with its variables set, and reads its rules beside the repository")
    func sandboxExampleChecks() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-\(UUID()).secret")
        try "s3cret-value\n".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let configuration = try RuntimeConfiguration.load(
            path: Self.examples.appendingPathComponent("mtrules.sandbox.yaml").path)
        let environment = [
            "MTRULES_CLIENT_ID": "sandbox-id", "MTRULES_CLIENT_SECRET_FILE": secret.path,
            "RISK_DESK_SLACK_URL": "https://hooks.slack.com/services/T1/B1/x",
            "DEALING_SLACK_URL": "https://hooks.slack.com/services/T1/B2/y",
        ]
        #expect(configuration.check(environment: environment).filter(\.isError) == [])
        #expect(try configuration.loadCredentials(environment: environment).clientID == "sandbox-id")
    }

    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
}
