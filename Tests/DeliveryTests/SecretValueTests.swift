import Delivery
import Foundation
import Testing

@Suite("Secret values")
struct SecretValueTests {
    @Test("a secret is read from an environment variable, trimmed")
    func environment() throws {
        let secret = SecretValue.environment("MTRULES_TEST_HOOK")
        #expect(
            try secret.resolve(environment: ["MTRULES_TEST_HOOK": "https://hooks.example/abc\n"])
                == "https://hooks.example/abc")
    }

    @Test("a missing or empty variable is an error that names the variable")
    func missingVariable() {
        #expect(throws: SecretError.missingVariable("MTRULES_TEST_HOOK")) {
            try SecretValue.environment("MTRULES_TEST_HOOK").resolve(environment: [:])
        }
        #expect(throws: SecretError.emptyVariable("MTRULES_TEST_HOOK")) {
            try SecretValue.environment("MTRULES_TEST_HOOK").resolve(environment: ["MTRULES_TEST_HOOK": " "])
        }
        #expect(SecretError.missingVariable("MTRULES_TEST_HOOK").description.contains("MTRULES_TEST_HOOK"))
    }

    @Test("a secret is read from a file without its trailing line break; a missing or empty file names the path")
    func file() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtrules-secret-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("token").path
        try "s3cr3t-t0ken\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try SecretValue.file(path).resolve() == "s3cr3t-t0ken")

        let missing = directory.appendingPathComponent("nope").path
        do {
            _ = try SecretValue.file(missing).resolve()
            Issue.record("read a missing file")
        } catch {
            #expect(error.description.contains(missing))
        }
        let empty = directory.appendingPathComponent("empty").path
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: SecretError.emptyFile(empty)) { try SecretValue.file(empty).resolve() }
    }

    @Test("no textual form of a secret shows its value")
    func neverShown() {
        let value = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX"
        let secret = SecretValue.literal(value)
        var dumped = ""
        dump(secret, to: &dumped)
        var dumpedReceiver = ""
        let receiver = WebhookReceiver(
            name: "risk_desk", kind: .slack, url: secret,
            headers: [.init(name: "Authorization", value: .literal("Bearer HEADERSECRET"))])
        dump(receiver, to: &dumpedReceiver)
        for text in [
            secret.description, secret.debugDescription, "\(secret)", String(reflecting: secret), dumped,
            "\(receiver)", String(reflecting: receiver), dumpedReceiver,
        ] {
            #expect(!text.contains("XXXXSECRETXXXX"), "\(text)")
            #expect(!text.contains("HEADERSECRET"), "\(text)")
        }
        #expect(SecretValue.environment("SLACK_URL").description == "env:SLACK_URL")
        #expect(SecretValue.file("/run/secrets/slack").description == "file:/run/secrets/slack")
    }

    @Test("the configuration forms: a string is a literal, {env:} and {file:} name where the secret lives")
    func codable() throws {
        let decoded = try JSONDecoder().decode(
            [SecretValue].self, from: Data(#"["plain", {"env": "A_VAR"}, {"file": "/run/x"}]"#.utf8))
        #expect(decoded == [.literal("plain"), .environment("A_VAR"), .file("/run/x")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SecretValue.self, from: Data(#"{"env": "A", "file": "B"}"#.utf8))
        }
    }

    @Test(
        "a channel shows a keyed URL as its scheme and host only",
        arguments: [
            (
                "https://hooks.slack.com/services/T024BE7LH/B0SECRET/XXXXSECRETXXXX", WebhookKind.slack,
                "https://hooks.slack.com"
            ),
            ("https://api.telegram.org/bot123456:ABCSECRET/sendMessage", .telegram, "https://api.telegram.org"),
            ("https://u:p@ops.example.com:8443/hooks/abc?key=SECRET", .json, "https://ops.example.com:8443"),
        ])
    func channelDescription(_ url: String, _ kind: WebhookKind, _ shown: String) throws {
        let channel = try WebhookChannel(receiver: Fixture.receiver(kind, url: url))
        #expect("\(channel)" == "WebhookChannel(\(kind) receiver 'risk_desk' at \(shown))")
    }

    @Test("a channel whose secret is missing fails at setup, naming the variable and not the other secrets")
    func channelSetup() {
        let receiver = WebhookReceiver(
            name: "risk_desk", kind: .json, url: .literal("https://ops.example.com/hook?key=QUERYSECRET"),
            headers: [.init(name: "Authorization", value: .environment("MTRULES_TEST_TOKEN"))])
        do {
            _ = try WebhookChannel(receiver: receiver, environment: [:])
            Issue.record("set up without its token")
        } catch {
            #expect(error.description.contains("MTRULES_TEST_TOKEN"))
            #expect(error.description.contains("risk_desk"))
            #expect(!error.description.contains("QUERYSECRET"))
        }
    }
}
