import AlertModel
import Delivery
import Foundation
import Testing

/// The required fields of each format, as the receiving service documents them.
@Suite("Webhook payload shapes")
struct PayloadShapeTests {
    @Test("mtrules.webhook/v1: a versioned envelope with stable ids, the alert's fields and an evidence summary")
    func jsonV1() throws {
        let notification = Fixture.notification("Margin call 1001", evidence: Fixture.evidence)
        let bodies = try WebhookRendering.render(.json, [notification])
        let body = try JSONObject(bodies[0].data)
        #expect(body.string("version") == "mtrules.webhook/v1")
        let groupID = try #require(body.string("groupId"))
        #expect(groupID.hasPrefix("g-") && groupID.count == 18)
        #expect(bodies[0].idempotencyKey == groupID)
        #expect(body.string("receiver") == "risk_desk")
        #expect(body.string("status") == "firing")
        #expect(body.int("count") == 1)
        #expect(body.string("notifications.0.id") == notification.id)
        #expect(body.string("notifications.0.alert") == "margin_call{login=1001}@MT4-Live")
        #expect(body.string("notifications.0.rule") == "margin_call")
        #expect(body.string("notifications.0.platform") == "MT4-Live")
        #expect(body.string("notifications.0.key.login") == "1001")
        #expect(body.string("notifications.0.labels.login") == "1001")
        #expect(body.string("notifications.0.labels.desk") == "B-book")
        #expect(body.string("notifications.0.severity") == "critical")
        #expect(body.string("notifications.0.reason") == "firing")
        #expect(body.string("notifications.0.status") == "firing")
        #expect(body.string("notifications.0.time") == "2026-01-05T12:00:31.000Z")
        #expect(body.string("notifications.0.text") == "Margin call 1001")
        #expect(body.string("notifications.0.evidence.ruleHash") == "abc123")
        #expect(body.string("notifications.0.evidence.inputs.0.expression") == "level")
        #expect(body.string("notifications.0.evidence.inputs.0.value") == "95%")
        #expect(body.int("notifications.0.evidence.windows.0.samples") == 12)
    }

    @Test("a v1 batch has a count, every notification, and a group id that is stable for the same batch only")
    func jsonBatch() throws {
        let batch = Fixture.batch(3)
        let first = try JSONObject(try WebhookRendering.render(.json, batch)[0].data)
        let again = try JSONObject(try WebhookRendering.render(.json, batch)[0].data)
        let other = try JSONObject(try WebhookRendering.render(.json, Array(batch.prefix(2)))[0].data)
        #expect(first.int("count") == 3)
        #expect(first.array("notifications")?.count == 3)
        #expect(first.string("notifications.2.key.login") == "1002")
        #expect(first.string("groupId") == again.string("groupId"))
        #expect(first.string("groupId") != other.string("groupId"))
        let resolved = batch.map { notification in
            var copy = notification
            copy.reason = .resolved
            return copy
        }
        #expect(try JSONObject(try WebhookRendering.render(.json, resolved)[0].data).string("status") == "resolved")
    }

    @Test("Alertmanager: version 4 payload with group and common labels, alerts with labels, annotations and times")
    func alertmanager() throws {
        var batch = Fixture.batch(2)
        batch[1].reason = .resolved
        let body = try JSONObject(try WebhookRendering.render(.alertmanager, batch)[0].data)
        #expect(body.string("version") == "4")
        #expect(body.string("status") == "firing")
        #expect(body.string("receiver") == "risk_desk")
        #expect(body.int("truncatedAlerts") == 0)
        #expect(body.string("externalURL") == "https://mtrules.example")
        #expect(body.string("groupLabels.alertname") == "margin_call")
        #expect(try #require(body.string("groupKey")).contains(#"alertname="margin_call""#))
        #expect(body.string("commonLabels.alertname") == "margin_call")
        #expect(body.string("commonLabels.severity") == "critical")
        #expect(body.string("commonLabels.platform") == "MT4-Live")
        #expect(body.string("commonLabels.desk") == "B-book")
        #expect(body.string("commonLabels.login") == nil, "logins differ")
        #expect(body.object("commonAnnotations") != nil)
        #expect(body.string("alerts.0.status") == "firing")
        #expect(body.string("alerts.0.labels.alertname") == "margin_call")
        #expect(body.string("alerts.0.labels.login") == "1000")
        #expect(body.string("alerts.0.annotations.summary") == "Margin call 0")
        #expect(body.string("alerts.0.annotations.mtrules_id") == batch[0].id)
        #expect(body.string("alerts.0.startsAt") == "2026-01-05T12:00:31.000Z")
        #expect(body.string("alerts.0.endsAt") == "0001-01-01T00:00:00Z")
        #expect(body.string("alerts.1.status") == "resolved")
        #expect(body.string("alerts.1.endsAt") == "2026-01-05T12:00:31.000Z")
        let fingerprint = try #require(body.string("alerts.0.fingerprint"))
        #expect(fingerprint.count == 16 && fingerprint.allSatisfy(\.isHexDigit))
        #expect(fingerprint != body.string("alerts.1.fingerprint"))
    }

    @Test("an alert's Alertmanager fingerprint is the same when it fires and when it resolves")
    func fingerprintStable() throws {
        let firing = Fixture.notification("Margin call")
        var resolved = firing
        resolved.reason = .resolved
        resolved.id = "other"
        let one = try JSONObject(try WebhookRendering.render(.alertmanager, [firing])[0].data)
        let two = try JSONObject(try WebhookRendering.render(.alertmanager, [resolved])[0].data)
        #expect(one.string("alerts.0.fingerprint") == two.string("alerts.0.fingerprint"))
    }

    @Test("Slack: plain text with formatting off; a batch is a headline with the count and a capped list")
    func slack() throws {
        let single = try JSONObject(try WebhookRendering.render(.slack, [Fixture.notification("Margin call")])[0].data)
        #expect(single.string("text") == "Margin call")
        #expect(single["mrkdwn"] as? Bool == false)
        let body = try JSONObject(try WebhookRendering.render(.slack, Fixture.batch(12))[0].data)
        let lines = try #require(body.string("text")).components(separatedBy: "\n")
        #expect(lines.first == "12 margin_call alerts, critical")
        #expect(lines.count == 12)
        #expect(lines[1] == "• Margin call 0")
        #expect(lines[10] == "• Margin call 9")
        #expect(lines.last == "… and 2 more")
    }

    @Test("a batch of several rules names each with its count, and says how many resolved")
    func mixedHeadline() throws {
        var batch = Fixture.batch(3)
        batch.append(Fixture.notification("Large trade", id: "t-1", rule: "large_trade", severity: .warning))
        batch[0].reason = .resolved
        let text = try #require(
            try JSONObject(try WebhookRendering.render(.slack, batch)[0].data).string("text"))
        #expect(text.hasPrefix("4 alerts: 3 margin_call, 1 large_trade (3 firing, 1 resolved), critical\n"))
    }

    @Test("Teams: a message with an Adaptive Card of RichTextBlocks; a batch starts with a bold headline")
    func teams() throws {
        let body = try JSONObject(try WebhookRendering.render(.teams, Fixture.batch(3))[0].data)
        #expect(body.string("type") == "message")
        #expect(body.string("attachments.0.contentType") == "application/vnd.microsoft.card.adaptive")
        #expect(body.string("attachments.0.content.type") == "AdaptiveCard")
        #expect(body.string("attachments.0.content.$schema") == "http://adaptivecards.io/schemas/adaptive-card.json")
        #expect(body.string("attachments.0.content.version") == "1.4")
        #expect(
            try ReceiverDecoding.teams(body) == [
                "3 margin_call alerts, critical", "Margin call 0", "Margin call 1", "Margin call 2",
            ])
        #expect(body.string("attachments.0.content.body.0.inlines.0.weight") == "Bolder")
    }

    @Test("Telegram: sendMessage with a numeric chat id, HTML parse mode and no link previews")
    func telegram() throws {
        let body = try JSONObject(try WebhookRendering.render(.telegram, [Fixture.notification("Margin call")])[0].data)
        #expect((body["chat_id"] as? NSNumber)?.int64Value == -1_001_234_567_890)
        #expect(body.string("parse_mode") == "HTML")
        #expect(body.string("text") == "Margin call")
        #expect(body["link_preview_options.is_disabled"] as? Bool == true)
        let channel = try JSONObject(
            try TelegramRenderer(chatID: "@risk_alerts").render([Fixture.notification("x")])[0].data)
        #expect(channel.string("chat_id") == "@risk_alerts")
        let batch = try JSONObject(try WebhookRendering.render(.telegram, Fixture.batch(2))[0].data)
        #expect(batch.string("text") == "<b>2 margin_call alerts, critical</b>\n• Margin call 0\n• Margin call 1")
    }

    @Test("PagerDuty: one event per notification; trigger and resolve share the alert's dedup key")
    func pagerDuty() throws {
        let firing = Fixture.notification("Margin call 1001", evidence: Fixture.evidence)
        var resolved = firing
        resolved.reason = .resolved
        resolved.id = "resolve-id"
        let bodies = try WebhookRendering.render(.pagerduty, [firing, resolved])
        #expect(bodies.count == 2)
        #expect(bodies.map(\.notificationIDs) == [[firing.id], ["resolve-id"]])
        let trigger = try JSONObject(bodies[0].data)
        let resolve = try JSONObject(bodies[1].data)
        #expect(trigger.string("routing_key") == "R0UT1NGKEY0123456789abcdef012345")
        #expect(trigger.string("event_action") == "trigger")
        #expect(trigger.string("dedup_key") == "margin_call{login=1001}@MT4-Live")
        #expect(trigger.string("payload.summary") == "Margin call 1001")
        #expect(trigger.string("payload.source") == "MT4-Live")
        #expect(trigger.string("payload.severity") == "critical")
        #expect(trigger.string("payload.timestamp") == "2026-01-05T12:00:31.000Z")
        #expect(trigger.string("payload.component") == "login=1001")
        #expect(trigger.string("payload.class") == "margin_call")
        #expect(trigger.string("payload.custom_details.labels.login") == "1001")
        #expect(trigger.string("payload.custom_details.notification_id") == firing.id)
        #expect(trigger.string("payload.custom_details.evidence.inputs.0.value") == "95%")
        #expect(resolve.string("event_action") == "resolve")
        #expect(resolve.string("dedup_key") == trigger.string("dedup_key"))
        #expect(resolve["payload"] == nil)
    }

    @Test(
        "PagerDuty: firing, renotify, step and summary trigger; resolved resolves",
        arguments: [
            (NotificationReason.firing, "trigger"), (.renotify, "trigger"), (.step, "trigger"), (.summary, "trigger"),
            (.resolved, "resolve"),
        ])
    func pagerDutyActions(_ reason: NotificationReason, _ action: String) throws {
        let notification = Fixture.notification("x", reason: reason)
        #expect(
            try JSONObject(try WebhookRendering.render(.pagerduty, [notification])[0].data).string("event_action")
                == action)
    }

    @Test(
        "PagerDuty severities map to their namesakes",
        arguments: [(Severity.critical, "critical"), (.warning, "warning"), (.info, "info")])
    func pagerDutySeverity(_ severity: Severity, _ expected: String) throws {
        let body = try JSONObject(
            try WebhookRendering.render(.pagerduty, [Fixture.notification("x", severity: severity)])[0].data)
        #expect(body.string("payload.severity") == expected)
    }

    @Test("a dedup key longer than PagerDuty's 255 characters becomes the rule and a stable hash")
    func longDedupKey() {
        let key = AlertKey(
            rule: "margin_call", platform: "MT4-Live",
            labels: [.init(name: "group", value: String(repeating: "g", count: 400))])
        let dedup = PagerDutyRenderer.dedupKey(key)
        #expect(dedup.utf8.count <= 255)
        #expect(dedup.hasPrefix("margin_call#"))
        #expect(dedup == PagerDutyRenderer.dedupKey(key))
    }

    @Test("rendering is deterministic: the same batch gives the same bytes", arguments: WebhookKind.allCases)
    func deterministic(_ kind: WebhookKind) throws {
        let batch = Fixture.batch(kind.supportsBatches ? 5 : 1)
        #expect(try WebhookRendering.render(kind, batch) == WebhookRendering.render(kind, batch))
    }
}
