import AlertModel
import Delivery
import Foundation
import Testing

/// A client named `<b>"Bob" & {x}_*[1]` must arrive intact on every channel and break none: each rendered body is
/// decoded the way its receiver would (JSON, then the service's own unescaping) and compared byte for byte.
@Suite("Hostile text on every webhook kind")
struct HostileTextTests {
    static let cases: [(WebhookKind, String)] = WebhookKind.allCases.flatMap { kind in
        HostileText.all.map { (kind, $0) }
    }

    @Test("a single notification's text arrives intact (or cut cleanly at the service's limit)", arguments: cases)
    func single(_ kind: WebhookKind, _ text: String) throws {
        let bodies = try WebhookRendering.render(kind, [Fixture.notification(text)])
        #expect(bodies.count == 1)
        let body = try JSONObject(bodies[0].data)
        let seen = try Self.readerText(kind, body)
        switch kind {
        case .json, .alertmanager, .slack:
            #expect(seen.isIdentical(to: text), "\(kind): \(HostileText.label(text))")
        case .teams:
            #expect(seen.isIntactOrCleanCut(of: text))
            #expect(text.utf8.count > 15_000 || seen.isIdentical(to: text))
        case .telegram:
            #expect(seen.isIntactOrCleanCut(of: text))
            #expect(seen.utf16.count <= TelegramRenderer.textLimit)
            #expect(text.utf16.count > TelegramRenderer.textLimit || seen.isIdentical(to: text))
        case .pagerduty:
            #expect(try #require(body.string("payload.custom_details.text")).isIdentical(to: text))
            #expect(seen.isIntactOrCleanCut(of: text))
            #expect(seen.utf16.count <= PagerDutyRenderer.summaryLimit)
        }
    }

    @Test("escaped chat text holds no markup of its own: no raw < or >, every & starts a whole entity")
    func noMarkupLeaks() throws {
        for text in HostileText.all {
            let slack = try #require(
                try JSONObject(WebhookRendering.render(.slack, [Fixture.notification(text)])[0].data).string("text"))
            #expect(!slack.unicodeScalars.contains("<") && !slack.unicodeScalars.contains(">"))
            #expect(try ReceiverDecoding.slack(slack).isIdentical(to: text))

            let telegram = try #require(
                try JSONObject(WebhookRendering.render(.telegram, [Fixture.notification(text)])[0].data)
                    .string("text"))
            #expect(ReceiverDecoding.telegramTags(telegram).isEmpty, "no tag in a single notification")
            #expect(!telegram.unicodeScalars.contains("\""))
            _ = try ReceiverDecoding.telegramHTML(telegram)  // throws on a bare & or a cut entity
        }
    }

    @Test("a batch of hostile texts keeps every listed text intact", arguments: [WebhookKind.slack, .teams, .telegram])
    func batch(_ kind: WebhookKind) throws {
        let texts = HostileText.all.dropLast()  // the 10 KB text is covered alone
        let batch = texts.enumerated().map { index, text in
            Fixture.notification(text, id: "n-\(index)", login: "\(2000 + index)")
        }
        let body = try JSONObject(try WebhookRendering.render(kind, Array(batch))[0].data)
        let message: String
        switch kind {
        case .slack: message = try ReceiverDecoding.slack(try #require(body.string("text")))
        case .teams: message = try ReceiverDecoding.teams(body).joined(separator: "\n")
        default:
            let html = try #require(body.string("text"))
            #expect(ReceiverDecoding.telegramTags(html) == ["<b>", "</b>"])
            message = try ReceiverDecoding.telegramHTML(ReceiverDecoding.telegramStrippingTags(html))
        }
        #expect(message.hasPrefix("\(texts.count) margin_call alerts"))
        for text in texts.prefix(10) {
            #expect(Self.contains(message, text), "\(kind) lost \(HostileText.label(text))")
        }
        #expect(Self.contains(message, "… and \(texts.count - 10) more"))
    }

    @Test("Telegram cuts a long text between characters, never inside an entity or a surrogate pair")
    func telegramCuts() throws {
        let texts = [
            String(repeating: "&", count: 5000), String(repeating: "a", count: 4095) + "👍b",
            String(repeating: "\"<>", count: 2000), String(repeating: "e\u{301}", count: 3000),
        ]
        for text in texts {
            let html = try #require(
                try JSONObject(WebhookRendering.render(.telegram, [Fixture.notification(text)])[0].data)
                    .string("text"))
            let seen = try ReceiverDecoding.telegramHTML(html)
            #expect(seen.utf16.count <= TelegramRenderer.textLimit)
            #expect(seen.hasSuffix("…"))
            #expect(seen.isIntactOrCleanCut(of: text))
        }
    }

    /// The text a reader of `kind` sees for a single notification.
    static func readerText(_ kind: WebhookKind, _ body: JSONObject) throws -> String {
        switch kind {
        case .json: return try #require(body.string("notifications.0.text"))
        case .alertmanager: return try #require(body.string("alerts.0.annotations.summary"))
        case .slack: return try ReceiverDecoding.slack(try #require(body.string("text")))
        case .teams:
            let texts = try ReceiverDecoding.teams(body)
            #expect(texts.count == 1)
            return try #require(texts.first)
        case .telegram: return try ReceiverDecoding.telegramHTML(try #require(body.string("text")))
        case .pagerduty: return try #require(body.string("payload.summary"))
        }
    }

    /// Byte-wise containment.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let hay = Array(haystack.utf8)
        let pin = Array(needle.utf8)
        guard pin.count <= hay.count else { return false }
        return (0...(hay.count - pin.count)).contains { hay[$0..<($0 + pin.count)].elementsEqual(pin) }
    }
}

/// Renders for a kind the way a channel would, for a receiver with the fields the kind needs.
enum WebhookRendering {
    static func renderer(_ kind: WebhookKind) -> any WebhookRenderer {
        switch kind {
        case .json: JSONPayloadRenderer(receiver: "risk_desk")
        case .alertmanager: AlertmanagerRenderer(receiver: "risk_desk", externalURL: "https://mtrules.example")
        case .slack: SlackRenderer()
        case .teams: TeamsRenderer()
        case .telegram: TelegramRenderer(chatID: "-1001234567890")
        case .pagerduty: PagerDutyRenderer(routingKey: "R0UT1NGKEY0123456789abcdef012345")
        }
    }

    static func render(_ kind: WebhookKind, _ batch: [AlertNotification]) throws -> [WebhookBody] {
        try renderer(kind).render(batch)
    }
}
