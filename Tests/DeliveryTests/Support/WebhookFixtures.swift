import AlertModel
import Delivery
import Foundation

/// Texts chosen to break a careless renderer: markup of every channel, mentions, quotes, control characters,
/// combining marks after escape-worthy characters, text that is already an entity, and sizes beyond the limits.
enum HostileText {
    static let bob = #"<b>"Bob" & {x}_*[1]"#

    static let all: [String] = [
        bob,
        "Margin call \(bob)\nline two\r\nline three\ttabbed\n\n",
        "👨‍👩‍👧‍👦 Bob 🚀 \(bob) ✅ 🇬🇧",
        "@channel @here @everyone <!everyone> <!channel> <!here> <@U024BE7LH|bob> <#C024BE7LR|general>",
        "<https://evil.example|click me> [link](https://evil.example) https://evil.example/?a=1&b=2",
        "</script><script>alert('x')</script><img src=x onerror=alert(1)>",
        #"C:\path\to\"file" \u0000 \n \\ \"quoted\" '\#(bob)'"#,
        "\u{202E}evil\u{202C} \u{200F}עברית\u{200E} مرحبا \(bob)",
        "**bold** __under__ _it_ ~strike~ `code` ```block``` # heading\n- item\n1. numbered\n> quote | table |",
        "&amp; &lt;b&gt; &#60; &quot; &nbsp; already-escaped",
        "<\u{0338} &\u{0301}amp; >\u{20D2} \"\u{0301}",
        "{{DATE(2017-02-14T06:08:39Z, SHORT)}} {x} {{x}} ${x} %s %@ %n",
        "control \u{0} \u{01}\u{07}\u{1B}[31m red \u{7F} \u{2028} \u{2029} end",
        String(repeating: "\(bob) 👍 — équité\n", count: 400),
    ]

    /// A short label for parameterized test names.
    static func label(_ text: String) -> String {
        text.count > 40 ? "\(text.prefix(20))… (\(text.utf8.count) bytes)" : text
    }
}

enum Fixture {
    static let time = Timestamp(milliseconds: 1_767_614_431_000)  // 2026-01-05T12:00:31.000Z

    static func key(login: String = "1001", rule: String = "margin_call") -> AlertKey {
        AlertKey(rule: rule, platform: "MT4-Live", labels: [.init(name: "login", value: login)])
    }

    static func notification(
        _ text: String, id: String = "margin_call/1001/1767614431000/0/0", login: String = "1001",
        rule: String = "margin_call", reason: NotificationReason = .firing, severity: Severity = .critical,
        shadow: Bool = false, evidence: Evidence? = nil
    ) -> AlertNotification {
        AlertNotification(
            id: id, key: key(login: login, rule: rule), reason: reason, severity: severity, time: time,
            action: .webhook(receiver: "risk_desk", text: text),
            labels: [.init(name: "desk", value: "B-book"), .init(name: "group", value: "real-A")], shadow: shadow,
            evidence: evidence)
    }

    static let evidence = Evidence(
        ruleFile: "rules/margin.rules", ruleHash: "abc123",
        inputs: [.init(expression: "level", value: "95%"), .init(expression: "equity", value: "950.00")],
        windows: [.init(expression: "drop(equity, 1h)", samples: [.init(time: time, value: 950)], totalSamples: 12)])

    /// `count` margin calls for different logins, each with `text`.
    static func batch(_ count: Int, text: (Int) -> String = { "Margin call \($0)" }) -> [AlertNotification] {
        (0..<count).map { index in
            notification(text(index), id: "margin_call/\(1000 + index)/1767614431000/0/0", login: "\(1000 + index)")
        }
    }

    /// A receiver of `kind` at `url`, with the fields its kind needs.
    static func receiver(
        _ kind: WebhookKind, url: String = "https://example.invalid/hook", name: String = "risk_desk",
        timeout: Duration = .seconds(5), headers: [WebhookReceiver.Header] = []
    ) -> WebhookReceiver {
        WebhookReceiver(
            name: name, kind: kind, url: .literal(url), headers: headers,
            chatID: kind == .telegram ? "-1001234567890" : nil,
            routingKey: kind == .pagerduty ? .literal("R0UT1NGKEY0123456789abcdef012345") : nil, timeout: timeout)
    }
}

/// A JSON object read back the way a receiver would.
struct JSONObject: @unchecked Sendable {
    let value: [String: Any]

    init(_ data: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureFailure("the body is not a JSON object")
        }
        value = object
    }

    subscript(_ path: String) -> Any? {
        var current: Any? = value
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }

    func string(_ path: String) -> String? { self[path] as? String }
    func object(_ path: String) -> [String: Any]? { self[path] as? [String: Any] }
    func array(_ path: String) -> [Any]? { self[path] as? [Any] }
    func int(_ path: String) -> Int? { (self[path] as? NSNumber)?.intValue }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
