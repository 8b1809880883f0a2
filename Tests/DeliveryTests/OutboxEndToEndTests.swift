import AlertModel
import AlertStore
import CPluginSimulator
import Delivery
import Foundation
import Hummingbird
import RuleEngine
import Testing

@Suite("Engine to outbox to sidecar and webhooks, over real sockets")
struct OutboxEndToEndTests {
    static let rules = """
        rule margin_call {
          on margin
          where group matches "real-*"
          when level < 100%
          clear when level >= 120%
          by login
          severity critical
          mail client subject "Margin call" body "Your margin level is {level:.1f}%."
          webhook risk_desk "Margin call {login} ({group}): level {level:.1f}%"
          on resolve webhook risk_desk "Margin call cleared for {login}"
        }

        rule margin_news {
          on margin
          when level < 50%
          by login
          news topic "Stop-out risk {login}" body "Level {level:.0f}%" category "Risk"
        }

        rule quiet_watch {
          on margin
          when level < 100%
          by login
          shadow
          webhook risk_desk "shadow {login}"
        }
        """

    @Test(
        "a margin call reaches the client's terminal as MT4 mail and the risk desk as a webhook, once each; shadow rules send nothing"
    )
    func engineToReceivers() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await LocalWebhookReceiver.answering(.ok)
        let webhook = try WebhookChannel(
            receiver: WebhookReceiver(name: "risk_desk", kind: .json, url: .literal(receiver.baseURL + "/hook")))
        let worker = DeliveryWorker(
            store: harness.store,
            routes: ["mail": harness.mailRoute(), "news": harness.newsRoute(), "webhook:risk_desk": webhook.route],
            backoff: quickBackoff)
        let sink = OutboxSink(store: harness.store, worker: worker)
        let engine = RuleEngine(
            ruleSet: try compile(Self.rules), startingAt: Timestamp(milliseconds: 1_767_571_200_000))

        let start = Timestamp(milliseconds: 1_767_571_200_000)
        for (offset, (login, level)) in [(1001, 95.0), (1002, 40.0), (1003, 150.0)].enumerated() {
            let output = engine.process(
                try marginEvent(login: login, level: level, at: start.adding(milliseconds: Int64(offset))))
            try await sink.accept(transitions: output.transitions, notifications: output.notifications)
        }
        // 1001 recovers: the resolve webhook.
        let recovered = engine.process(try marginEvent(login: 1001, level: 130, at: start.adding(milliseconds: 10_000)))
        try await sink.accept(transitions: recovered.transitions, notifications: recovered.notifications)
        try await worker.drain(limit: .seconds(20))

        let mail = harness.server.mailbox.mail
        #expect(mail.map(\.request.logins) == [[1001], [1002]] || mail.map(\.request.logins) == [[1002], [1001]])
        #expect(mail.allSatisfy { $0.request.subject == "Margin call" && $0.idempotencyKey != nil })
        #expect(Set(mail.compactMap(\.idempotencyKey)).count == 2)
        let news = harness.server.mailbox.news
        #expect(news.map(\.request.topic) == ["Stop-out risk 1002"])
        let texts = try receiver.requests.flatMap { try Self.items($0).compactMap { $0["text"] as? String } }
        #expect(texts.contains("Margin call 1001 (real-A): level 95.0%"))
        #expect(texts.contains("Margin call 1002 (real-A): level 40.0%"))
        #expect(texts.contains("Margin call cleared for 1001"))
        #expect(!texts.contains { $0.hasPrefix("shadow") })
        let statistics = try harness.store.outboxStatistics()
        #expect(statistics.count(.pending) == 0)
        #expect(statistics.count(.dead) == 0)
        // The same output recorded again (a restart re-deriving it) sends nothing new.
        // Two mails, one news item, three webhooks (two firing, one resolve).
        let delivered = try harness.store.outboxEntries(.delivered).map(\.notification)
        #expect(delivered.count == 6)
        let again = try harness.store.record(transitions: [], notifications: delivered)
        #expect(again.queued.isEmpty)
        #expect(again.duplicateNotifications.count == 6)
    }

    @Test("a receiver answering 500 for a minute gets everything once it recovers, each notification once")
    func receiverRecovers() async throws {
        let harness = try await DeliveryHarness.start()
        let failUntil = ContinuousClock.now + .seconds(60)
        let receiver = try await LocalWebhookReceiver.start { _, _ in
            ContinuousClock.now < failUntil
                ? LocalWebhookReceiver.answer(.internalServerError, body: "down for maintenance")
                : LocalWebhookReceiver.answer(.ok)
        }
        let webhook = try WebhookChannel(
            receiver: WebhookReceiver(
                name: "ops", kind: .json, url: .literal(receiver.baseURL), grouping: GroupingPolicy.none))
        let worker = DeliveryWorker(
            store: harness.store, routes: ["webhook:ops": webhook.route],
            backoff: BackoffPolicy(initialDelay: .milliseconds(200), maxDelay: .seconds(2), jitter: 0.2))
        let notifications = (1...40).map { Self.notification(index: $0, receiver: "ops") }
        _ = try harness.store.record(transitions: [], notifications: notifications)
        try await worker.drain(limit: .seconds(90))

        let delivered = try receiver.requests.flatMap { try Self.items($0).compactMap { $0["id"] as? String } }
        let accepted = Set(try harness.store.outboxEntries(.delivered).map(\.notification.id))
        #expect(accepted == Set(notifications.map(\.id)))
        #expect(Set(delivered).isSuperset(of: accepted))
        #expect(receiver.requests.count > 40 * 5, "attempts failed for a minute and were retried with back-off")
        #expect(receiver.requests.count < 40 * 60, "the back-off kept the retries from becoming a storm")
        #expect(try harness.store.outboxStatistics().count(.dead) == 0)
    }

    @Test("a receiver answering 400 dead-letters the notification with the reason, and it is not retried")
    func badRequestIsFinal() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await LocalWebhookReceiver.answering(.badRequest, body: #"{"error":"unknown channel"}"#)
        let webhook = try WebhookChannel(
            receiver: WebhookReceiver(
                name: "ops", kind: .json, url: .literal(receiver.baseURL), grouping: GroupingPolicy.none))
        let worker = DeliveryWorker(store: harness.store, routes: ["webhook:ops": webhook.route], backoff: quickBackoff)
        _ = try harness.store.record(transitions: [], notifications: [Self.notification(index: 1, receiver: "ops")])
        try await worker.drain(limit: .seconds(10))
        try await Task.sleep(for: .milliseconds(300))
        let dead = try harness.store.outboxEntries(.dead)
        #expect(dead.count == 1)
        #expect(dead.first?.lastError?.contains("HTTP 400") == true)
        #expect(dead.first?.lastError?.contains("unknown channel") == true)
        #expect(receiver.requests.count == 1)
    }

    @Test(
        "a mail the sidecar refuses (unknown platform, empty list) is dead-lettered with a reason a person can act on")
    func mailRefusals() async throws {
        let harness = try await DeliveryHarness.start()
        let worker = DeliveryWorker(
            store: harness.store, routes: ["mail": harness.mailRoute(lists: ["managers": []])], backoff: quickBackoff)
        var toList = Self.notification(index: 1, receiver: "x")
        toList.action = .mail(recipients: .named("managers"), subject: "s", body: "b")
        var unknownList = Self.notification(index: 2, receiver: "x")
        unknownList.action = .mail(recipients: .named("dealers"), subject: "s", body: "b")
        _ = try harness.store.record(transitions: [], notifications: [toList, unknownList])
        try await worker.drain(limit: .seconds(10))
        let reasons = try harness.store.outboxEntries(.dead).compactMap(\.lastError).sorted()
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.contains("no recipient") })
        #expect(reasons.contains { $0.contains("no mail list named 'dealers'") })
        #expect(harness.server.mailbox.mail.isEmpty)
    }

    @Test("many margin calls within the group window reach a chat receiver as one message with a count")
    func grouping() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await LocalWebhookReceiver.answering(.ok)
        let webhook = try WebhookChannel(
            receiver: WebhookReceiver(
                name: "chat", kind: .slack, url: .literal(receiver.baseURL),
                grouping: GroupingPolicy(window: .milliseconds(300), maxSize: 50)))
        let worker = DeliveryWorker(
            store: harness.store, routes: ["webhook:chat": webhook.route], backoff: quickBackoff)
        let sink = OutboxSink(store: harness.store, worker: worker)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            try await sink.accept(
                transitions: [], notifications: (1...12).map { Self.notification(index: $0, receiver: "chat") })
            while try harness.store.outboxStatistics().count(.pending) > 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        #expect(receiver.requests.count == 1)
        let text = try receiver.requests.first?.json()["text"] as? String ?? ""
        #expect(text.contains("12"))
    }

    /// The notifications of a `mtrules.webhook/v1` body.
    static func items(_ request: ReceivedRequest) throws -> [[String: Any]] {
        try request.json()["notifications"] as? [[String: Any]] ?? []
    }

    static func notification(index: Int, receiver: String) -> AlertNotification {
        AlertNotification(
            id: "margin_call{login=\(1000 + index)}@\(DeliveryHarness.platformName)/1767571200000/1/0",
            key: AlertKey(
                rule: "margin_call", platform: DeliveryHarness.platformName,
                labels: [.init(name: "login", value: "\(1000 + index)")]),
            reason: .firing, severity: .critical, time: Timestamp(milliseconds: 1_767_571_200_000),
            action: .webhook(receiver: receiver, text: "Margin call \(1000 + index)"), labels: [], shadow: false,
            evidence: nil)
    }
}
