import CPluginClient
import Foundation
import Runtime
import Testing

/// `--check-config`: what can be verified without connecting, reported at the key it came from, never showing a
/// secret.
@Suite("Checking a configuration before running")
struct ConfigurationCheckTests {
    /// A directory with `mtrules.yaml`, a `rules/` directory holding one rule file, and files for secrets.
    struct Workspace: ~Copyable {
        let directory: URL

        init(yaml: String, files: [String: String] = [:]) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-config-\(UUID())")
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("rules"), withIntermediateDirectories: true)
            try "rule r {\n}\n".write(
                to: directory.appendingPathComponent("rules/a.rules"), atomically: true, encoding: .utf8)
            try yaml.write(to: directory.appendingPathComponent("mtrules.yaml"), atomically: true, encoding: .utf8)
            for (name, content) in files {
                try content.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }

        var path: String { directory.appendingPathComponent("mtrules.yaml").path }

        func load() throws -> RuntimeConfiguration { try RuntimeConfiguration.load(path: path) }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    static let secretText = "s3cr3t-never-shown-4711"

    @Test("a configuration whose sources all resolve checks clean and yields the credentials")
    func clean() throws {
        let workspace = try Workspace(
            yaml: """
                environment: sandbox
                credentials:
                  clientID: {env: ID}
                  clientSecret: {file: secret.txt}
                rules: [rules]
                store: state/alerts.sqlite
                status: {bearerToken: {file: token.txt}}
                receivers:
                  - {name: desk, kind: slack, url: {env: DESK_URL}}
                """,
            files: ["secret.txt": Self.secretText + "\n", "token.txt": "tok"])
        let configuration = try workspace.load()
        let environment = ["ID": "risk", "DESK_URL": "https://hooks.slack.com/services/T/B/\(Self.secretText)"]
        #expect(configuration.check(environment: environment) == [])
        let credentials = try configuration.loadCredentials(environment: environment)
        #expect(credentials == ClientCredentials(clientID: "risk", clientSecret: Self.secretText))
    }

    @Test("every unresolvable source is reported at its key, and no secret value appears")
    func unresolvable() throws {
        let workspace = try Workspace(
            yaml: """
                environment: sandbox
                credentials:
                  clientID: {env: MISSING_ID}
                  clientSecret: {file: no-such-secret}
                rules: [rules, missing.rules]
                store: blocker/alerts.sqlite
                status: {bearerToken: {env: EMPTY_TOKEN}}
                receivers:
                  - {name: desk, kind: slack, url: {env: DESK_URL}}
                """,
            files: ["blocker": "a file where a directory should be"])
        let configuration = try workspace.load()
        let environment = ["EMPTY_TOKEN": " ", "DESK_URL": "ftp://hooks.example.com/\(Self.secretText)"]
        let found = configuration.check(environment: environment)
        let at = found.map { "\($0.location.line):\($0.location.column)" }
        #expect(at == ["5:16", "3:13", "4:17", "7:23", "9:5", "6:8"])
        let text = found.map(\.description).joined(separator: "\n")
        #expect(text.contains("MISSING_ID is not set"))
        #expect(text.contains("no-such-secret"))
        #expect(text.contains("missing.rules' does not exist"))
        #expect(text.contains("EMPTY_TOKEN is empty"))
        #expect(text.contains("receiver 'desk': the url must use http or https, not ftp"))
        #expect(text.contains("is a file, so"))
        #expect(!text.contains(Self.secretText))
    }

    @Test("without a credentials section the standard variables are read, and their absence says which to set")
    func standardVariables() throws {
        let configuration = try RuntimeConfiguration.load(
            text: "environment: production\nrules: [r]\n", path: "/srv/mtrules.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try configuration.loadCredentials(environment: [:])
        }
        #expect(
            error.diagnostics.map(\.message) == [
                "no CPlugin client id: MTRULES_CLIENT_ID is not set",
                "no CPlugin client secret: neither MTRULES_CLIENT_SECRET nor MTRULES_CLIENT_SECRET_FILE is set",
            ])
        #expect(error.diagnostics.allSatisfy { $0.location.description == "/srv/mtrules.yaml" })
        let credentials = try configuration.loadCredentials(environment: [
            "MTRULES_CLIENT_ID": "id", "MTRULES_CLIENT_SECRET": Self.secretText,
        ])
        #expect(credentials == ClientCredentials(clientID: "id", clientSecret: Self.secretText))
        #expect(!"\(credentials)".contains(Self.secretText))
    }

    @Test("a rule directory without rule files is a warning, not an error")
    func emptyRuleDirectory() throws {
        let workspace = try Workspace(yaml: "environment: simulator\nrules: [state]\n")
        try FileManager.default.createDirectory(
            at: workspace.directory.appendingPathComponent("state"), withIntermediateDirectories: true)
        let found = try workspace.load().check(environment: [:])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.location.line == 2)
    }
}

@Suite("Platform selection and listen addresses")
struct PlatformSelectionTests {
    @Test("a list matches names and ids without regard to case, and says which entries match nothing")
    func selection() {
        let selection = PlatformSelection.only(["MT4-Live", "ABCDEF01-0000-0000-0000-000000000001"])
        #expect(selection.matches(name: "mt4-live", id: "x"))
        #expect(selection.matches(name: "Other", id: "abcdef01-0000-0000-0000-000000000001"))
        #expect(!selection.matches(name: "MT5", id: "y"))
        #expect(selection.unmatched(among: [(name: "MT4-Live", id: "z")]) == ["ABCDEF01-0000-0000-0000-000000000001"])
        #expect(PlatformSelection.all.matches(name: "any", id: "any"))
        #expect(PlatformSelection.all.unmatched(among: []) == [])
    }

    @Test(
        "listen addresses read host:port, [v6]:port and a bare port",
        arguments: [
            ("127.0.0.1:9108", ListenAddress(host: "127.0.0.1", port: 9108)),
            ("0.0.0.0:80", ListenAddress(host: "0.0.0.0", port: 80)),
            ("[::1]:9200", ListenAddress(host: "::1", port: 9200)),
            ("9300", ListenAddress(host: "127.0.0.1", port: 9300)),
            ("host:99999", nil), ("[::1]9200", nil), (":80", nil), ("a b:1", nil),
        ] as [(String, ListenAddress?)])
    func listen(text: String, expected: ListenAddress?) {
        #expect(ListenAddress(parsing: text) == expected)
    }
}
