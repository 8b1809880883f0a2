import AlertModel

/// Engine output to record, built the way the engine builds it.
enum Samples {
    static func marginKey(_ login: Int, platform: String = "MT4-Live") -> AlertKey {
        AlertKey(rule: "margin_call", platform: platform, labels: [AlertKey.Label(name: "login", value: "\(login)")])
    }

    static func evidence(level: Double = 95) -> Evidence {
        Evidence(
            ruleFile: "rules/margin.rules", ruleHash: "abc123",
            inputs: [Evidence.Input(expression: "level", value: "\(level)%")],
            windows: [
                Evidence.WindowContents(
                    expression: "drop(equity, 1h)",
                    samples: [Evidence.WindowContents.Sample(time: Timestamp(milliseconds: 1), value: level)],
                    totalSamples: 1)
            ])
    }

    static func transition(
        _ key: AlertKey, _ from: AlertState, _ to: AlertState, at: Int64, evidence: Evidence? = nil
    ) -> AlertTransition {
        AlertTransition(
            key: key, from: from, to: to, at: Timestamp(milliseconds: at), severity: .critical, evidence: evidence)
    }

    static func notification(
        _ id: String, key: AlertKey = marginKey(1001), at time: Int64 = 1_000,
        action: NotificationAction = .webhook(receiver: "risk_desk", text: "Margin call 1001"),
        reason: NotificationReason = .firing, shadow: Bool = false
    ) -> AlertNotification {
        AlertNotification(
            id: id, key: key, reason: reason, severity: .critical, time: Timestamp(milliseconds: time),
            action: action, labels: [], shadow: shadow, evidence: evidence())
    }

    /// `count` webhook notifications for distinct accounts, ids `prefix-0` …
    static func notifications(
        _ count: Int, prefix: String = "n", destination receiver: String = "risk_desk"
    )
        -> [AlertNotification]
    {
        (0..<count).map { index in
            notification(
                "\(prefix)-\(index)", key: marginKey(10_000 + index),
                action: .webhook(receiver: receiver, text: "#\(index)"))
        }
    }
}
