import AlertModel
import Delivery
import Foundation
import Hummingbird
import Testing

/// The webhook channel against a real local receiver: what arrives, and how each answer is judged.
@Suite("Webhook channel over a local receiver")
struct WebhookChannelTests {
    @Test("a 200 is delivered, and the request carries the body, the receiver's headers and an idempotency key")
    func delivered() async throws {
        let server = try await LocalWebhookReceiver.answering(.ok)
        let receiver = Fixture.receiver(
            .json, url: server.baseURL + "/alerts?source=mtrules",
            headers: [
                .init(name: "Authorization", value: .environment("MTRULES_TEST_TOKEN")),
                .init(name: "X-Team", value: .literal("risk")),
            ])
        let channel = try WebhookChannel(receiver: receiver, environment: ["MTRULES_TEST_TOKEN": "Bearer t0k3n-123"])
        let batch = Fixture.batch(3)
        #expect(await channel.deliver(batch) == .delivered)
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.uri == "/alerts?source=mtrules")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        #expect(request.header("User-Agent") == "mtrules")
        #expect(request.header("Authorization") == "Bearer t0k3n-123")
        #expect(request.header("X-Team") == "risk")
        let body = try request.json()
        #expect(request.header("Idempotency-Key") == body.string("groupId"))
        #expect(body.int("count") == 3)
        #expect(body.string("notifications.1.id") == batch[1].id)
    }

    @Test(
        "every kind delivers to a receiver answering 2xx (PagerDuty one request per notification)",
        arguments: WebhookKind.allCases)
    func everyKind(_ kind: WebhookKind) async throws {
        let server = try await LocalWebhookReceiver.answering(kind == .pagerduty ? .accepted : .ok)
        let channel = try WebhookChannel(receiver: Fixture.receiver(kind, url: server.baseURL + "/hook"))
        #expect(channel.supportsBatches == (kind != .pagerduty))
        #expect(await channel.deliver(Fixture.batch(3)) == .delivered)
        #expect(server.requests.count == (kind == .pagerduty ? 3 : 1))
        if kind == .telegram { #expect(server.requests.first?.uri == "/hook/sendMessage") }
        for request in server.requests { _ = try request.json() }
    }

    @Test(
        "5xx, 408 and 429 are retried with the receiver's Retry-After in seconds; other 4xx are final with the reason",
        arguments: [
            (500, nil, "retry", nil), (503, "7", "retry", 7), (429, "30", "retry", 30), (408, nil, "retry", nil),
            (400, nil, "final", nil), (404, nil, "final", nil), (410, nil, "final", nil),
        ] as [(Int, String?, String, Int?)])
    func statuses(_ status: Int, _ retryAfter: String?, _ expected: String, _ wait: Int?) async throws {
        var headers = HTTPFields()
        if let retryAfter { headers[.retryAfter] = retryAfter }
        let server = try await LocalWebhookReceiver.answering(
            .init(code: status), body: "{\"error\":\"invalid_payload\"}", headers: headers)
        let channel = try WebhookChannel(receiver: Fixture.receiver(.slack, url: server.baseURL + "/hook"))
        let outcome = await channel.deliver([Fixture.notification("x")])
        switch outcome {
        case .retry(let reason, let after):
            #expect(expected == "retry")
            #expect(after == wait.map { .seconds($0) })
            #expect(reason.contains("HTTP \(status)"))
        case .final(let reason):
            #expect(expected == "final")
            #expect(reason == "\(server.baseURL): HTTP \(status): {\"error\":\"invalid_payload\"}")
        case .delivered:
            Issue.record("delivered on \(status)")
        }
    }

    @Test("a Retry-After given as an HTTP date is the wait until that date")
    func retryAfterDate() async throws {
        let now = Date(timeIntervalSince1970: 1_767_614_431)
        let server = try await LocalWebhookReceiver.answering(
            .serviceUnavailable, headers: [.retryAfter: "Mon, 05 Jan 2026 12:02:31 GMT"])
        let channel = try WebhookChannel(
            receiver: Fixture.receiver(.json, url: server.baseURL), now: { now })
        guard case .retry(_, let after) = await channel.deliver([Fixture.notification("x")]) else {
            Issue.record("not retried")
            return
        }
        #expect(after == .seconds(120))
    }

    @Test("a receiver that never answers times out and is retried, within the receiver's timeout")
    func hanging() async throws {
        let server = try await LocalWebhookReceiver.start { _, _ in
            try? await Task.sleep(for: .seconds(5))
            return LocalWebhookReceiver.answer(.ok)
        }
        let channel = try WebhookChannel(
            receiver: Fixture.receiver(.json, url: server.baseURL, timeout: .milliseconds(300)))
        let started = ContinuousClock.now
        let outcome = await channel.deliver([Fixture.notification("x")])
        #expect(ContinuousClock.now - started < .seconds(3))
        guard case .retry(let reason, nil) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("no answer within 300ms"))
    }

    @Test("a refused connection is retried")
    func refused() async throws {
        let port = try closedPort()
        let channel = try WebhookChannel(
            receiver: Fixture.receiver(.json, url: "http://127.0.0.1:\(port)/hook", timeout: .seconds(1)))
        let outcome = await channel.deliver([Fixture.notification("x")])
        guard case .retry(let reason, _) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("connection refused"), "\(reason)")
        #expect(reason.hasPrefix("http://127.0.0.1:\(port)"))
    }

    @Test("Telegram's retry_after in the body is honoured, and a refused message is final with Telegram's words")
    func telegram() async throws {
        let throttled = try await LocalWebhookReceiver.answering(
            .tooManyRequests,
            body:
                #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#
        )
        let channel = try WebhookChannel(receiver: Fixture.receiver(.telegram, url: throttled.baseURL + "/bot1:A"))
        #expect(
            await channel.deliver([Fixture.notification("x")])
                == .retry(
                    reason: "\(throttled.baseURL): HTTP 429: Too Many Requests: retry after 5", after: .seconds(5)))

        let moved = try await LocalWebhookReceiver.answering(
            .ok,
            body:
                #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876543210}}"#
        )
        let movedChannel = try WebhookChannel(receiver: Fixture.receiver(.telegram, url: moved.baseURL + "/bot1:A"))
        guard case .final(let reason) = await movedChannel.deliver([Fixture.notification("x")]) else {
            Issue.record("expected final")
            return
        }
        #expect(reason.contains("HTTP 400: Bad Request: group chat was upgraded"))
        #expect(reason.contains("-1009876543210"))
    }

    @Test("a Teams connector's 200 that reports a throttled delivery is retried")
    func teamsThrottled() async throws {
        let server = try await LocalWebhookReceiver.answering(
            .ok, body: "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429")
        let channel = try WebhookChannel(receiver: Fixture.receiver(.teams, url: server.baseURL))
        guard case .retry = await channel.deliver([Fixture.notification("x")]) else {
            Issue.record("expected a retry")
            return
        }
    }

    @Test("PagerDuty events go one by one and stop at the first failure, which is the batch's outcome")
    func pagerDutyStops() async throws {
        let server = try await LocalWebhookReceiver.start { _, index in
            LocalWebhookReceiver.answer(index == 1 ? .internalServerError : .accepted)
        }
        let channel = try WebhookChannel(receiver: Fixture.receiver(.pagerduty, url: server.baseURL + "/v2/enqueue"))
        guard case .retry = await channel.deliver(Fixture.batch(3)) else {
            Issue.record("expected a retry")
            return
        }
        #expect(server.requests.count == 2)
        #expect(
            try server.requests.map { try $0.json().string("payload.custom_details.labels.login") } == ["1000", "1001"])
    }

    @Test("shadow notifications are never sent")
    func shadow() async throws {
        let server = try await LocalWebhookReceiver.answering(.ok)
        let channel = try WebhookChannel(receiver: Fixture.receiver(.slack, url: server.baseURL))
        #expect(await channel.deliver([Fixture.notification("x", shadow: true)]) == .delivered)
        #expect(
            await channel.deliver([Fixture.notification("y", shadow: true), Fixture.notification("z")]) == .delivered)
        #expect(server.requests.count == 1)
        #expect(try server.requests[0].json().string("text") == "z")
    }

    @Test(
        "no secret appears in an outcome, even when the receiver echoes the whole request back",
        arguments: [WebhookKind.json, .slack, .telegram, .pagerduty])
    func secretsStayOut(_ kind: WebhookKind) async throws {
        let server = try await LocalWebhookReceiver.start { request, _ in
            let echo = "\(request.uri) \(request.headers) \(String(decoding: request.body, as: UTF8.self))"
            return LocalWebhookReceiver.answer(.badRequest, body: echo)
        }
        let secrets = [
            "T0SECRET1", "B0SECRET2", "XyZsecretToken123", "QUERYSECRET99", "HEADERSECRET42",
            "R0UT1NGKEY0123456789abcdef012345",
        ]
        let path =
            kind == .telegram ? "/bot123456:XyZsecretToken123" : "/services/T0SECRET1/B0SECRET2/XyZsecretToken123"
        var receiver = Fixture.receiver(
            kind, url: server.baseURL + path + "?key=QUERYSECRET99",
            headers: [.init(name: "X-Api-Key", value: .environment("MTRULES_TEST_KEY"))])
        if kind == .pagerduty { receiver.routingKey = .environment("MTRULES_TEST_ROUTING") }
        let channel = try WebhookChannel(
            receiver: receiver,
            environment: ["MTRULES_TEST_KEY": "HEADERSECRET42", "MTRULES_TEST_ROUTING": secrets[5]])
        let outcome = await channel.deliver([Fixture.notification("Margin call")])
        guard case .final(let reason) = outcome else {
            Issue.record("expected final, got \(outcome)")
            return
        }
        #expect(server.requests.count == 1)
        var dumped = ""
        dump(channel, to: &dumped)
        for secret in secrets {
            #expect(!dumped.contains(secret))
            #expect(!reason.contains(secret), "\(secret) in \(reason)")
            #expect(!"\(channel)".contains(secret))
            #expect(!String(reflecting: channel).contains(secret))
        }
        #expect(reason.hasPrefix("\(server.baseURL): HTTP 400"))

        let port = try closedPort()
        receiver.url = .literal("http://127.0.0.1:\(port)" + path + "?key=QUERYSECRET99")
        receiver.timeout = .seconds(1)
        let refused = try WebhookChannel(
            receiver: receiver,
            environment: ["MTRULES_TEST_KEY": "HEADERSECRET42", "MTRULES_TEST_ROUTING": secrets[5]])
        let refusal = "\(await refused.deliver([Fixture.notification("x")]))"
        for secret in secrets { #expect(!refusal.contains(secret), "\(secret) in \(refusal)") }
    }
}
