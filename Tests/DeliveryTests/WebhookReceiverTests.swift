import Delivery
import Foundation
import Testing

@Suite("Webhook receiver configuration")
struct WebhookReceiverTests {
    @Test("a receiver decodes from its configuration form, with defaults for what is left out")
    func decodes() throws {
        let json = """
            {"name": "risk_desk", "kind": "slack", "url": {"env": "RISK_DESK_SLACK_URL"},
             "headers": {"X-Team": "risk", "Authorization": {"file": "/run/secrets/token"}},
             "timeout": "5s", "rateLimit": "1 per 1s", "grouping": {"window": "30s", "maxSize": 20}}
            """
        let receiver = try JSONDecoder().decode(WebhookReceiver.self, from: Data(json.utf8))
        #expect(receiver.name == "risk_desk")
        #expect(receiver.kind == .slack)
        #expect(receiver.url == .environment("RISK_DESK_SLACK_URL"))
        #expect(
            receiver.headers == [
                .init(name: "Authorization", value: .file("/run/secrets/token")),
                .init(name: "X-Team", value: .literal("risk")),
            ])
        #expect(receiver.timeout == .seconds(5))
        #expect(receiver.maxConcurrency == 4)
        #expect(receiver.rateLimit == RateLimit(count: 1, per: .seconds(1)))
        #expect(receiver.grouping == GroupingPolicy(window: .seconds(30), maxSize: 20))
        try receiver.validate()
        let again = try JSONDecoder().decode(WebhookReceiver.self, from: JSONEncoder().encode(receiver))
        #expect(again == receiver)
    }

    @Test("Telegram chat ids may be numbers; PagerDuty needs no url and is never grouped")
    func kindFields() throws {
        let telegram = try JSONDecoder().decode(
            WebhookReceiver.self,
            from: Data(#"{"name": "tg", "kind": "telegram", "url": {"env": "TG_URL"}, "chatID": -1001234567890}"#.utf8))
        #expect(telegram.chatID == "-1001234567890")
        try telegram.validate()
        let pagerDuty = WebhookReceiver(name: "pd", kind: .pagerduty, url: nil, routingKey: .environment("PD_KEY"))
        try pagerDuty.validate()
        #expect(pagerDuty.grouping == .none)
    }

    @Test("an unknown kind is refused with the list of kinds and a suggestion")
    func unknownKind() {
        #expect(throws: ReceiverConfigurationError.self) { try WebhookKind(configValue: "slak") }
        do {
            _ = try WebhookKind(configValue: "slak")
        } catch {
            #expect(error.description.contains("unknown receiver kind 'slak'"))
            #expect(error.description.contains("json, alertmanager, slack, teams, telegram, pagerduty"))
            #expect(error.description.contains("did you mean 'slack'?"))
        }
        let json = #"{"name": "x", "kind": "hipchat", "url": "https://example.com"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WebhookReceiver.self, from: Data(json.utf8)) }
    }

    @Test(
        "validation names every problem in words",
        arguments: [
            (
                WebhookReceiver(
                    name: "tg", kind: .telegram, url: .literal("https://api.telegram.org/bot1:A/sendMessage")),
                "telegram receivers need chatID"
            ),
            (
                WebhookReceiver(
                    name: "tg", kind: .telegram, url: .literal("https://api.telegram.org/bot1:A"), chatID: "x y"),
                "chatID must be a numeric chat id"
            ),
            (WebhookReceiver(name: "pd", kind: .pagerduty, url: nil), "pagerduty receivers need routingKey"),
            (WebhookReceiver(name: "s", kind: .slack, url: nil), "slack receivers need a url"),
            (
                WebhookReceiver(name: "s", kind: .slack, url: .literal("ftp://files.example.com/x")),
                "must use http or https"
            ),
            (WebhookReceiver(name: "s", kind: .slack, url: .literal("not a url at all")), "not an absolute URL"),
            (WebhookReceiver(name: "s", kind: .slack, url: .literal("https:///path")), "has no host"),
            (
                WebhookReceiver(name: "s", kind: .slack, url: .literal("https://x.example"), chatID: "1"),
                "chatID is only used by telegram"
            ),
            (
                WebhookReceiver(name: "s", kind: .json, url: .literal("https://x.example"), timeout: .zero),
                "timeout must be more than 0"
            ),
            (
                WebhookReceiver(name: "s", kind: .json, url: .literal("https://x.example"), maxConcurrency: 0),
                "maxConcurrency must be between 1 and 256"
            ),
            (
                WebhookReceiver(
                    name: "s", kind: .json, url: .literal("https://x.example"),
                    headers: [.init(name: "Content-Length", value: .literal("1"))]), "is set by mtrules"
            ),
            (
                WebhookReceiver(
                    name: "s", kind: .json, url: .literal("https://x.example"),
                    headers: [.init(name: "Bad Header", value: .literal("1"))]), "not a valid HTTP header name"
            ),
            (WebhookReceiver(name: "9lives", kind: .json, url: .literal("https://x.example")), "the name must be"),
        ])
    func problems(_ receiver: WebhookReceiver, _ expected: String) {
        do {
            try receiver.validate()
            Issue.record("\(receiver) validated")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.hasPrefix("receiver '\(receiver.name)': "))
        }
    }

    @Test("all problems are reported at once, and a bad URL is described without being shown")
    func allProblemsNoURL() {
        let receiver = WebhookReceiver(
            name: "tg", kind: .telegram, url: .literal("ftp://SECRET-TOKEN@files.example/SECRET-PATH"),
            routingKey: .literal("KEY"), timeout: .seconds(900))
        do {
            try receiver.validate()
            Issue.record("validated")
        } catch {
            #expect(error.problems.count == 4)
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test("a rate limit reads like the rule language's `limit 20 per 1m`")
    func rateLimit() {
        #expect(RateLimit(parsing: "20 per 1m") == RateLimit(count: 20, per: .seconds(60)))
        #expect(RateLimit(parsing: "1 per 500ms") == RateLimit(count: 1, per: .milliseconds(500)))
        #expect(RateLimit(parsing: "20/min") == nil)
        #expect(RateLimit(count: 20, per: .seconds(60)).description == "20 per 1m")
    }

    @Test("a channel's route carries the receiver's concurrency, rate limit and grouping")
    func route() throws {
        var receiver = Fixture.receiver(.slack)
        receiver.rateLimit = RateLimit(count: 1, per: .seconds(1))
        receiver.maxConcurrency = 2
        let route = try WebhookChannel(receiver: receiver).route
        #expect(route.concurrency == 2)
        #expect(route.rateLimit?.count == 1)
        #expect(route.groupWindow == .seconds(10))
        #expect(route.groupLimit == 50)
        let pagerDuty = try WebhookChannel(receiver: Fixture.receiver(.pagerduty)).route
        #expect(pagerDuty.groupWindow == nil)
        #expect(pagerDuty.groupLimit == 1)
        #expect(!pagerDuty.channel.supportsBatches)
    }
}
