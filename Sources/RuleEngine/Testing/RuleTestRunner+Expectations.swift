import AlertModel
import RuleLanguage

extension RuleTestRunner {
    /// Nil when the expectation holds; otherwise what was expected and what there was instead.
    func check(
        _ expectation: RuleTest.Expectation, engine: RuleEngine, step: EngineOutput, knownRules: Set<String>
    ) -> (String, [String])? {
        let alerts = engine.alerts
        switch expectation {
        case .noAlerts:
            let firing = alerts.filter { $0.status.state == .firing }
            guard !firing.isEmpty else { return nil }
            return (
                "expected no alerts firing, but \(firing.count) \(firing.count == 1 ? "is" : "are")", describe(alerts)
            )
        case .state(let state, let rule, let labels):
            if let unknown = unknownRule(rule, knownRules) { return unknown }
            let matching = alerts.filter { matches($0.key, rule: rule, labels: labels) }
            let expected = "\(rule)\(format(labels))"
            if state == .inactive {
                guard let found = matching.first(where: { $0.status.state != .inactive }) else { return nil }
                return (
                    "expected \(expected) to be inactive, but it is \(found.status.state.rawValue)", describe(alerts)
                )
            }
            if matching.contains(where: { $0.status.state == state }) { return nil }
            if let found = matching.first {
                return (
                    "expected \(expected) to be \(state.rawValue), but it is \(found.status.state.rawValue) since \(found.status.since)",
                    describe(alerts)
                )
            }
            return ("expected \(expected) to be \(state.rawValue), but there is no such alert", describe(alerts))
        case .fired(let rule, let labels):
            if let unknown = unknownRule(rule, knownRules) { return unknown }
            let fired = step.transitions.contains { $0.to == .firing && matches($0.key, rule: rule, labels: labels) }
            if fired { return nil }
            return (
                "expected \(rule)\(format(labels)) to fire at this step, but it did not",
                ["transitions at this step:"] + indent(step.transitions.map(describe))
            )
        case .notification(let matcher):
            if step.notifications.contains(where: { matches($0, matcher) }) { return nil }
            return (
                "expected \(describe(matcher)), but there was none",
                ["notifications at this step:"] + indent(step.notifications.map(describe))
            )
        case .noNotification(let channel, let receiver):
            let made = step.notifications.filter { notification in
                guard channel == nil || notification.action.channel == channel else { return false }
                guard let receiver else { return true }
                if case .webhook(let name, _) = notification.action { return name == receiver }
                return false
            }
            guard !made.isEmpty else { return nil }
            return (
                "expected no \(channel ?? "notification")s at this step, but there \(made.count == 1 ? "was" : "were") \(made.count)",
                indent(made.map(describe))
            )
        }
    }

    private func unknownRule(_ rule: String, _ known: Set<String>) -> (String, [String])? {
        guard !known.contains(rule) else { return nil }
        let hint = Suggestion.hint(for: rule, among: known).map { " (\($0))" } ?? ""
        return ("no rule named '\(rule)' is loaded\(hint)", ["loaded: " + known.sorted().joined(separator: ", ")])
    }

    private func matches(_ key: AlertKey, rule: String, labels: [(String, String)]) -> Bool {
        guard key.rule == rule else { return false }
        return labels.allSatisfy { name, value in
            name == "platform" ? key.platform == value : key.value(of: name) == value
        }
    }

    private func matches(_ notification: AlertNotification, _ matcher: RuleTest.NotificationMatcher) -> Bool {
        guard notification.action.channel == matcher.channel else { return false }
        switch notification.action {
        case .mail(let recipients, let subject, let body):
            if let login = matcher.mailTo {
                guard case .logins(let logins) = recipients, logins.contains(login) else { return false }
            }
            return matcher.texts.allSatisfy { part, text in
                switch part {
                case "subject": return subject.contains(text)
                case "body": return body.contains(text)
                default: return subject.contains(text) || body.contains(text)
                }
            }
        case .news(let topic, let category, let body, _):
            return matcher.texts.allSatisfy { part, text in
                switch part {
                case "topic": return topic.contains(text)
                case "category": return category.contains(text)
                case "body": return body.contains(text)
                default: return topic.contains(text) || body.contains(text)
                }
            }
        case .webhook(let receiver, let message):
            if let expected = matcher.receiver, expected != receiver { return false }
            return matcher.texts.allSatisfy { message.contains($0.text) }
        case .log(let message):
            return matcher.texts.allSatisfy { message.contains($0.text) }
        }
    }

    private func format(_ labels: [(String, String)]) -> String {
        labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    private func indent(_ lines: [String]) -> [String] {
        lines.isEmpty ? ["  (none)"] : lines.map { "  " + $0 }
    }

    private func describe(_ alerts: [AlertSnapshot]) -> [String] {
        ["alerts now:"] + indent(alerts.map { "\($0.key) \($0.status.state.rawValue) since \($0.status.since)" })
    }

    private func describe(_ transition: AlertTransition) -> String {
        "\(transition.key) \(transition.from.rawValue) → \(transition.to.rawValue)"
    }

    private func describe(_ matcher: RuleTest.NotificationMatcher) -> String {
        var text = "a \(matcher.channel)"
        if let login = matcher.mailTo { text += " to \(login)" }
        if let receiver = matcher.receiver { text += " to \(receiver)" }
        for (part, expected) in matcher.texts {
            text += part == "text" ? " containing \"\(expected)\"" : " with \(part) containing \"\(expected)\""
        }
        return text
    }

    func describe(_ notification: AlertNotification) -> String {
        switch notification.action {
        case .mail(let recipients, let subject, let body):
            let to: String
            switch recipients {
            case .logins(let logins): to = logins.map(String.init).joined(separator: ", ")
            case .named(let name): to = name
            }
            return "mail to \(to) subject \"\(subject)\" body \"\(body)\""
        case .news(let topic, let category, let body, _):
            return "news topic \"\(topic)\" category \"\(category)\" body \"\(body)\""
        case .webhook(let receiver, let text):
            return "webhook \(receiver) \"\(text)\""
        case .log(let text):
            return "log \"\(text)\""
        }
    }
}
