import Foundation
import Runtime
import Testing

/// Every way a configuration can be wrong is reported as `file:line:col: error: message`, at the key or value at fault.
@Suite("Configuration errors")
struct ConfigurationDiagnosticsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        /// Each diagnostic's first line, in file order.
        let messages: [String]
        /// A text the first diagnostic's hint contains.
        var hint: String?

        var testDescription: String { name }
    }

    static let base = "environment: sandbox\nrules: [r]\n"

    static let cases: [Case] = [
        Case(
            name: "unknown top-level key", yaml: base + "stor: x.sqlite\n",
            messages: ["c.yaml:3:1: error: unknown key 'stor' at the top level"],
            hint: "did you mean 'store'? the file takes: environment, api,"),
        Case(
            name: "unknown nested key", yaml: base + "status:\n  lisen: 1\n",
            messages: ["c.yaml:4:3: error: unknown key 'lisen' in 'status'"],
            hint: "did you mean 'listen'? 'status' takes: listen, bearerToken"),
        Case(
            name: "wrong scalar", yaml: base + "watchRules: maybe\n",
            messages: ["c.yaml:3:13: error: 'watchRules' must be true or false, not 'maybe'"]),
        Case(
            name: "scalar where a section belongs", yaml: base + "hub: v2\n",
            messages: ["c.yaml:3:6: error: 'hub' must be a mapping of keys, not 'v2'"], hint: "version, transports"),
        Case(
            name: "list where text belongs", yaml: base + "store: [a, b]\n",
            messages: ["c.yaml:3:8: error: 'store' must be a file path, not a list"]),
        Case(
            name: "bad URL in a failover list", yaml: "api:\n  urls: [https://a.example.com, ftp://b]\nrules: [r]\n",
            messages: ["c.yaml:2:33: error: 'api.urls[1]': 'ftp://b' is not a usable URL"],
            hint: "absolute http:// or https:// URL"),
        Case(
            name: "bad duration", yaml: base + "state:\n  snapshotInterval: 5 minutes\n",
            messages: ["c.yaml:4:21: error: 'state.snapshotInterval': '5 minutes' is not a duration"],
            hint: "500ms, 10s, 5m, 4h or 1d"),
        Case(
            name: "repeated key", yaml: base + "store: a\nlog: {level: info}\nstore: b\n",
            messages: ["c.yaml:5:1: error: 'store' is written twice in the same mapping (first at 3:1)"]),
        Case(
            name: "missing environment", yaml: "rules: [r]\n",
            messages: ["c.yaml:1:1: error: the configuration is missing 'environment'"],
            hint: "environment: production"),
        Case(
            name: "missing rules", yaml: "environment: sandbox\n",
            messages: ["c.yaml:1:1: error: the configuration is missing 'rules'"], hint: "rules: [rules/]"),
        Case(
            name: "misspelt environment", yaml: "environment: prodution\nrules: [r]\n",
            messages: [
                "c.yaml:1:14: error: 'environment' must be production, sandbox, simulator or a base URL, not 'prodution'"
            ],
            hint: "did you mean 'production'?"),
        Case(
            name: "environment and api.urls together", yaml: base + "api:\n  urls: [https://a.example.com]\n",
            messages: ["c.yaml:4:3: error: 'api.urls' and 'environment' both say where the API is"]),
        Case(
            name: "client secret written in the file",
            yaml: base + "credentials:\n  clientSecret: hunter2-the-secret\n",
            messages: [
                "c.yaml:4:17: error: 'credentials.clientSecret' is written in the configuration file: a client secret "
                    + "in the file is seen by version control, backups and anyone who can read it"
            ],
            hint: "{env: VARIABLE} or {file: /path/to/file}"),
        Case(
            name: "secret with both sources", yaml: base + "status:\n  bearerToken: {env: A, file: b}\n",
            messages: ["c.yaml:4:16: error: 'status.bearerToken' needs exactly one of 'env' or 'file'"]),
        Case(
            name: "unknown log level", yaml: base + "log:\n  level: warn\n",
            messages: [
                "c.yaml:4:10: error: 'log.level' must be one of trace, debug, info, notice, warning, error, critical, "
                    + "not 'warn'"
            ],
            hint: "did you mean 'warning'?"),
        Case(
            name: "unknown hub transport", yaml: base + "hub:\n  transports: [websockets, sse, longpoll]\n",
            messages: [
                "c.yaml:4:33: error: 'hub.transports[2]' must be one of websockets, sse, longpolling, not 'longpoll'"
            ],
            hint: "did you mean 'longpolling'?"),
        Case(
            name: "bad listen address", yaml: base + "status:\n  listen: localhost:http\n",
            messages: ["c.yaml:4:11: error: 'status.listen': 'localhost:http' is not an address to listen on"]),
        Case(
            name: "login out of range", yaml: base + "mail:\n  lists:\n    desk: [1001, -5]\n",
            messages: ["c.yaml:5:18: error: 'mail.lists.desk[1]' must be a whole number from 1 to 2147483647, not '-5'"]
        ),
        Case(
            name: "receiver with an unknown key",
            yaml: base
                + "receivers:\n  - name: desk\n    kind: slack\n    url: https://h.example.com/x\n    rate_limit: 1 per 1s\n",
            messages: ["c.yaml:7:5: error: unknown key 'rate_limit' in 'receivers[0]'"],
            hint: "did you mean 'rateLimit'?"),
        Case(
            name: "receiver of an unknown kind", yaml: base + "receivers:\n  - name: desk\n    kind: slak\n",
            messages: [
                "c.yaml:5:11: error: receiver 'desk': 'kind': unknown receiver kind 'slak': expected one of json, "
                    + "alertmanager, slack, teams, telegram, pagerduty (did you mean 'slack'?)"
            ]),
        Case(
            name: "receiver without its url", yaml: base + "receivers:\n  - name: desk\n    kind: slack\n",
            messages: ["c.yaml:4:5: error: receiver 'desk': slack receivers need a url"]),
        Case(
            name: "receiver without a name",
            yaml: base + "receivers:\n  - kind: json\n    url: https://h.example.com\n",
            messages: ["c.yaml:4:5: error: 'receivers[0]' is missing 'name'"]),
        Case(
            name: "receiver with a bad grouping window",
            yaml: base + "receivers:\n  - name: d\n    kind: json\n    url: https://h.example.com\n"
                + "    grouping: {window: soon}\n",
            messages: [
                "c.yaml:7:24: error: receiver 'd': 'grouping.window': 'soon' is not a duration: write it like 500ms, 10s, 5m, 4h or 1d"
            ]),
        Case(
            name: "two receivers of one name",
            yaml: base + "receivers:\n  - {name: desk, kind: json, url: https://a.example.com}\n"
                + "  - {name: desk, kind: json, url: https://b.example.com}\n",
            messages: ["c.yaml:5:12: error: receiver name 'desk' is used twice (first at 4:12)"]),
        Case(
            name: "YAML syntax error", yaml: "environment: sandbox\nrules: [r\n",
            messages: [
                "c.yaml:3:1: error: invalid YAML: while parsing a flow sequence (line 2): did not find expected ',' or ']'"
            ]),
        Case(
            name: "not a mapping at all", yaml: "- environment: sandbox\n",
            messages: ["c.yaml:1:1: error: the configuration must be a mapping of keys, not a list"]),
    ]

    @Test("each mistake is reported at its position with a hint", arguments: cases)
    func reported(_ example: Case) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration.load(text: example.yaml, path: "c.yaml")
        }
        let lines = error.diagnostics.map { $0.description.split(separator: "\n")[0] }
        #expect(lines == example.messages.map { Substring($0) })
        if let hint = example.hint {
            #expect(error.diagnostics.first?.hint?.contains(hint) == true, "\(error.diagnostics.first?.hint ?? "-")")
        }
    }

    @Test("every problem in a file is reported, in file order, not only the first")
    func collectsAll() throws {
        let yaml = """
            environment: sandbox
            rules: [r]
            hub: {version: v3}
            log: {level: loud}
            receivers:
              - {name: a, kind: slack}
            state: {snapshotInterval: 0s}
            """
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration.load(text: yaml, path: "c.yaml")
        }
        #expect(error.diagnostics.map(\.location.line) == [3, 4, 6, 7])
        #expect(error.description.split(separator: "\n").filter { $0.hasPrefix("c.yaml:") }.count == 4)
    }

    @Test("a refused secret's value appears in no message")
    func refusedSecretNotEchoed() throws {
        let yaml = Self.base + "credentials: {clientSecret: hunter2-the-secret}\nstatus: {bearerToken: tok-3141}\n"
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration.load(text: yaml, path: "c.yaml")
        }
        #expect(error.diagnostics.count == 2)
        #expect(!error.description.contains("hunter2"))
        #expect(!error.description.contains("tok-3141"))
    }

    @Test("an unreadable file is an error naming it")
    func missingFile() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration.load(path: "/nonexistent/mtrules.yaml")
        }
        #expect(error.description.hasPrefix("/nonexistent/mtrules.yaml: error: cannot read the configuration file"))
    }
}
