import CPluginClient
import CPluginSimulator
import Foundation
import Hummingbird
import Testing

@Suite("REST client: x86 sidecar")
struct SidecarClientTests {
    @Test("MailSend goes to the sidecar with its Idempotency-Key, and a repeat with the key sends no second mail")
    func mailSend() async throws {
        let simulator = try await SimulatorFixture.start()
        let mt4 = try simulator.restClient(retry: .never).mt4(simulator.mt4ID)
        let mail = MT4MailSendRequest(
            senderName: "Risk desk", subject: "Margin call", body: "Your margin level is 95.0%.", logins: [1001, 1002])
        let receipt = try await mt4.mailSend(mail, idempotencyKey: "alert-42-mail")
        #expect(receipt.activityId?.isEmpty == false)
        #expect(receipt.requestOutcome == "Completed")
        try await mt4.mailSend(mail, idempotencyKey: "alert-42-mail")
        let sent = simulator.server.mailbox.mail
        #expect(sent.count == 1)
        #expect(sent.first?.idempotencyKey == "alert-42-mail")
        #expect(sent.first?.request == mail)
        #expect(sent.first?.platform == simulator.mt4ID)
    }

    @Test("NewsSend goes to the sidecar with its Idempotency-Key")
    func newsSend() async throws {
        let simulator = try await SimulatorFixture.start()
        let mt4 = try simulator.restClient(retry: .never).mt4(simulator.mt4ID)
        let news = MT4NewsSendRequest(
            topic: "Quotes delayed: XAUUSD", category: "Risk", body: "No price since 12:00.", highPriority: true)
        try await mt4.newsSend(news, idempotencyKey: "alert-7-news")
        try await mt4.newsSend(news, idempotencyKey: nil)
        let sent = simulator.server.mailbox.news
        #expect(sent.map(\.idempotencyKey) == ["alert-7-news", nil])
        #expect(sent.first?.request == news)
    }

    @Test("a request the sidecar refuses is a typed Validation error, not retried")
    func validation() async throws {
        let simulator = try await SimulatorFixture.start()
        let sleeps = SleepRecorder()
        let mt4 = try simulator.restClient(retry: sleeps.policy(maxAttempts: 4)).mt4(simulator.mt4ID)
        let error = try await #require(throws: CPluginRestError.self) {
            try await mt4.mailSend(
                MT4MailSendRequest(senderName: nil, subject: "x", body: "", logins: [1001]), idempotencyKey: "k-1")
        }
        #expect(error.code == .validation)
        #expect(error.message == "Body is required.")
        #expect(error.attempts == 1)
        #expect(error.activityId != nil)
        #expect(sleeps.recorded.isEmpty)
        #expect(simulator.server.mailbox.mail.isEmpty)
    }

    @Test("without a sidecar URL the calls go to the API host, whose 404 says to configure the sidecar")
    func noSidecarConfigured() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = CPluginRestClient(
            environment: try .custom(apiBaseURLs: [simulator.apiURL], tokenEndpoint: .url(simulator.tokenURL)),
            tokens: simulator.tokenProvider(), configuration: .init(retry: .never))
        #expect(client.activeSidecarBaseURL == simulator.apiURL)
        let error = try await #require(throws: CPluginRestError.self) {
            try await client.mt4(simulator.mt4ID).newsSend(
                MT4NewsSendRequest(topic: "t", category: nil, body: "b"), idempotencyKey: "n-1")
        }
        #expect(error.kind == .httpStatus(404))
        #expect("\(error)".contains("sidecar"))
    }

    @Test(
        "a send is retried on 503 or 429 only when it carries an Idempotency-Key",
        arguments: [
            ("mail-key-1", HTTPResponse.Status.serviceUnavailable, 3), (nil, .serviceUnavailable, 1),
            ("mail-key-2", .tooManyRequests, 3), (nil, .tooManyRequests, 1),
        ] as [(String?, HTTPResponse.Status, Int)])
    func retriesNeedAKey(_ key: String?, _ status: HTTPResponse.Status, _ requests: Int) async throws {
        let simulator = try await SimulatorFixture.start()
        let sidecar = try await StubServer.answering(status)
        let sleeps = SleepRecorder()
        let client = CPluginRestClient(
            environment: try .custom(
                apiBaseURLs: [simulator.apiURL], tokenEndpoint: .url(simulator.tokenURL), sidecarBaseURL: sidecar.url),
            tokens: simulator.tokenProvider(), configuration: .init(retry: sleeps.policy(maxAttempts: 3)))
        let error = try await #require(throws: CPluginRestError.self) {
            try await client.mt4(simulator.mt4ID).mailSend(
                MT4MailSendRequest(senderName: nil, subject: "s", body: "b", logins: [1001]), idempotencyKey: key)
        }
        #expect(error.kind == .httpStatus(status.code))
        #expect(sidecar.requests.count == requests)
        #expect(sidecar.requests.allSatisfy { $0.header("Idempotency-Key") == key })
        #expect(sidecar.requests.allSatisfy { $0.method == "POST" && $0.path.hasSuffix("/MailSend") })
        #expect(sleeps.recorded.count == requests - 1)
    }

    @Test("a send without a key still fails over when the first sidecar refuses connections (nothing was sent)")
    func sendFailoverWhenNeverSent() async throws {
        let simulator = try await SimulatorFixture.start()
        let closed = URL(string: "http://127.0.0.1:\(try closedPort())")!
        let environment = try CPluginEnvironment.custom(
            apiBaseURLs: [closed, simulator.sidecarURL], tokenEndpoint: .url(simulator.tokenURL))
        try await withRecommendedHTTPClient { httpClient in
            let client = CPluginRestClient(
                environment: environment, tokens: simulator.tokenProvider(), configuration: .init(retry: .never),
                httpClient: httpClient)
            try await client.mt4(simulator.mt4ID).newsSend(
                MT4NewsSendRequest(topic: "t", category: nil, body: "b"), idempotencyKey: nil)
        }
        #expect(simulator.server.mailbox.news.count == 1)
    }

    @Test(
        "an Idempotency-Key the API cannot take is refused before anything is sent",
        arguments: ["", String(repeating: "k", count: 256), "two words", "line\nbreak", "ключ"])
    func badKeys(_ key: String) async throws {
        let simulator = try await SimulatorFixture.start()
        let mt4 = try simulator.restClient(retry: .never).mt4(simulator.mt4ID)
        let error = try await #require(throws: CPluginRestError.self) {
            try await mt4.newsSend(MT4NewsSendRequest(topic: "t", category: nil, body: "b"), idempotencyKey: key)
        }
        guard case .invalidRequest = error.kind else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(error.attempts == 0)
        #expect(simulator.server.mailbox.news.isEmpty)
    }
}
