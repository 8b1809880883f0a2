import CPluginClient
import Foundation
import Testing

@Suite("Environment and credentials")
struct EnvironmentTests {
    @Test(
        "the named environments parse in any case and point at CPlugin's hosts",
        arguments: [
            ("production", "https://cloud.mywebapi.com", "https://auth.cplugin.net/connect/token"),
            (" PRODUCTION\n", "https://cloud.mywebapi.com", "https://auth.cplugin.net/connect/token"),
            ("prod", "https://cloud.mywebapi.com", "https://auth.cplugin.net/connect/token"),
            ("sandbox", "https://pre.mywebapi.com", "https://pre.auth.cplugin.net/connect/token"),
            ("Sandbox", "https://pre.mywebapi.com", "https://pre.auth.cplugin.net/connect/token"),
        ])
    func named(_ text: String, _ api: String, _ token: String) throws {
        let environment = try CPluginEnvironment(parsing: text)
        #expect(environment.apiBaseURLs == [URL(string: api)!])
        #expect(environment.tokenEndpoint == .url(URL(string: token)!))
    }

    @Test("the sandbox has its own x86 sidecar; production sends sidecar calls to the API host until configured")
    func sidecars() {
        #expect(CPluginEnvironment.sandbox.sidecarBaseURLs == [URL(string: "https://pre-x86.mywebapi.com")!])
        #expect(CPluginEnvironment.production.sidecarBaseURL == nil)
        #expect(CPluginEnvironment.production.sidecarBaseURLs == [URL(string: "https://cloud.mywebapi.com")!])
        var configured = CPluginEnvironment.production
        configured.sidecarBaseURL = URL(string: "https://x86.example.com")
        #expect(configured.sidecarBaseURLs == [URL(string: "https://x86.example.com")!])
        #expect(configured.apiBaseURLs == [URL(string: "https://cloud.mywebapi.com")!])
    }

    @Test("a URL is a custom environment whose OAuth authority (discovery) is that URL")
    func url() throws {
        let environment = try CPluginEnvironment(parsing: "http://127.0.0.1:8080/")
        #expect(environment.kind == .custom)
        #expect(environment.apiBaseURLs == [URL(string: "http://127.0.0.1:8080/")!])
        #expect(environment.tokenEndpoint == .discovery(authority: URL(string: "http://127.0.0.1:8080/")!))
        #expect(environment.sidecarBaseURLs == environment.apiBaseURLs)
        #expect(
            TokenEndpoint.discoveryDocumentURL(authority: URL(string: "http://127.0.0.1:8080/")!).absoluteString
                == "http://127.0.0.1:8080/.well-known/openid-configuration")
    }

    @Test("a comma-separated list of URLs is a failover list in that order")
    func list() throws {
        let environment = try CPluginEnvironment(
            parsing: "https://m2.example.com, https://m3.example.com,https://m4.example.com")
        #expect(environment.primaryBaseURL == URL(string: "https://m2.example.com")!)
        #expect(
            environment.fallbackBaseURLs == [
                URL(string: "https://m3.example.com")!, URL(string: "https://m4.example.com")!,
            ])
        #expect(environment.tokenEndpoint == .discovery(authority: URL(string: "https://m2.example.com")!))
        #expect(environment.description.contains("https://m3.example.com"))
    }

    @Test(
        "anything else is refused with a message that says what to write",
        arguments: [
            "", "staging", "ftp://files.example.com", "https://", "https://example.com/?x=1", "cloud.mywebapi.com",
        ])
    func refused(_ text: String) throws {
        let error = try #require(throws: EnvironmentError.self) { try CPluginEnvironment(parsing: text) }
        let message = "\(error)"
        #expect(message.contains("'production'") || message.contains("https://"))
    }

    @Test("a custom environment needs a base URL, and validates the token endpoint and sidecar")
    func custom() throws {
        #expect(throws: EnvironmentError.noBaseURL) { try CPluginEnvironment.custom(apiBaseURLs: []) }
        #expect(throws: EnvironmentError.self) {
            try CPluginEnvironment.custom(
                apiBaseURLs: [URL(string: "https://a.example.com")!], sidecarBaseURL: URL(string: "mailto:x@y")!)
        }
        let explicit = try CPluginEnvironment.custom(
            apiBaseURLs: [URL(string: "https://a.example.com")!],
            tokenEndpoint: .url(URL(string: "https://id.example.com/connect/token")!))
        #expect(explicit.tokenEndpoint == .url(URL(string: "https://id.example.com/connect/token")!))
    }

    @Test("credentials never show their secret, however they are printed")
    func redacted() {
        let secret = "s3cr3t-value-\(UUID().uuidString)"
        let credentials = ClientCredentials(clientID: "desk-client", clientSecret: secret)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [
            "\(credentials)", String(describing: credentials), String(reflecting: credentials), dumped,
            "\([credentials])", "\(Optional(credentials) as Any)",
        ] {
            #expect(!text.contains(secret))
            #expect(text.contains("desk-client"))
        }
    }

    @Test("access tokens never show their value")
    func tokenRedacted() {
        let token = AccessToken(
            value: "eyJ-token-value", expiresAt: .now, refreshAt: .now, lifetime: .seconds(3600))
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), dumped] { #expect(!text.contains("eyJ-token-value")) }
        #expect(token.authorization == "Bearer eyJ-token-value")
    }

    @Test("credentials load from the environment variables, or the secret from a file without its line break")
    func loading() throws {
        let fromVariables = try ClientCredentials.load(
            environment: ["MTRULES_CLIENT_ID": "id-1", "MTRULES_CLIENT_SECRET": "secret-1"])
        #expect(fromVariables == ClientCredentials(clientID: "id-1", clientSecret: "secret-1"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-secret-\(UUID().uuidString)")
        try "secret-from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try ClientCredentials.load(
            clientID: "id-2", secretFile: file.path, environment: ["MTRULES_CLIENT_SECRET": "ignored"])
        #expect(fromFile == ClientCredentials(clientID: "id-2", clientSecret: "secret-from-file"))
        let fromFileVariable = try ClientCredentials.load(
            environment: ["MTRULES_CLIENT_ID": "id-3", "MTRULES_CLIENT_SECRET_FILE": file.path])
        #expect(fromFileVariable == ClientCredentials(clientID: "id-3", clientSecret: "secret-from-file"))
    }

    @Test("missing or unreadable credentials say where mtrules looked")
    func loadingErrors() throws {
        #expect(throws: CredentialsError.missingClientID) { try ClientCredentials.load(environment: [:]) }
        #expect(throws: CredentialsError.missingSecret) {
            try ClientCredentials.load(environment: ["MTRULES_CLIENT_ID": "id"])
        }
        #expect("\(CredentialsError.missingSecret)".contains("MTRULES_CLIENT_SECRET"))
        let missing = "/nonexistent/mtrules-\(UUID().uuidString)"
        let error = try #require(throws: CredentialsError.self) {
            try ClientCredentials.load(clientID: "id", secretFile: missing, environment: [:])
        }
        guard case .unreadableSecretFile(let path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == missing)
        #expect("\(error)".contains(missing))
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-empty-\(UUID().uuidString)")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: CredentialsError.emptySecretFile(path: empty.path)) {
            try ClientCredentials.load(clientID: "id", secretFile: empty.path, environment: [:])
        }
    }

    @Test(
        "backoff grows exponentially up to its cap, with at most the jitter share taken off",
        arguments: [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.8), (5, 1.0), (12, 1.0)])
    func backoff(_ attempt: Int, _ full: Double) {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maxDelay: .seconds(1), multiplier: 2, jitter: 0.5)
        for _ in 0..<50 {
            let seconds = policy.delay(afterAttempt: attempt) / .seconds(1)
            #expect(seconds <= full + 1e-9)
            #expect(seconds >= full * 0.5 - 1e-9)
        }
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func retryAfter() {
        #expect(RetryPolicy.retryAfter("7") == .seconds(7))
        #expect(RetryPolicy.retryAfter(nil) == nil)
        #expect(RetryPolicy.retryAfter("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_767_614_400)  // Mon, 05 Jan 2026 12:00:00 GMT
        #expect(RetryPolicy.retryAfter("Mon, 05 Jan 2026 12:00:20 GMT", now: now) == .seconds(20))
    }
}
