import AlertModel
import RuleLanguage

extension RuleTestParser {
    mutating func parseEvent(start: Timestamp) -> RuleTest.EventSpec? {
        let streamToken = current
        guard let stream = TradingStream(rawValue: streamToken.text) else {
            diagnostics.error(
                "unknown stream '\(streamToken.text)'", at: streamToken.range,
                hint: Suggestion.hint(for: streamToken.text, among: TradingStream.allCases.map(\.rawValue)))
            skipLine()
            return nil
        }
        advance()
        var kind = ""
        if !stream.kinds.isEmpty {
            if current.kind == .identifier, stream.kinds.contains(current.text) {
                kind = current.text
                advance()
            } else if stream == .trade {
                diagnostics.error(
                    "say what happened to the trade: opened, modified or closed", at: current.range,
                    hint: "as in 'at 0s trade opened order=1 login=1001 …'")
                skipLine()
                return nil
            } else {
                kind = "updated"
            }
        }
        var event = RuleTest.EventSpec(stream: stream, kind: kind, fields: [], platform: nil)
        let layout = schema.layout(stream)
        while current.kind == .identifier {
            let name = Identifier(current.text, range: current.range)
            advance()
            guard current.kind == .assign else {
                diagnostics.error(
                    "expected '=' after '\(name.name)'", at: current.range, hint: "write \(name.name)=value")
                skipLine()
                return nil
            }
            advance()
            if name.name == "platform" {
                guard let platform = expectString("the platform's name in quotes") else { return nil }
                event.platform = platform
                continue
            }
            guard let field = layout.field(named: name.name), !["time", "kind"].contains(name.name) else {
                let derived = schema.language.stream(named: stream.rawValue)?.field(named: name.name) != nil
                diagnostics.error(
                    derived
                        ? "'\(name.name)' is derived; set the fields it comes from"
                        : "unknown field '\(name.name)' for a \(stream.rawValue) event", at: name.range,
                    hint: Suggestion.hint(for: name.name, among: layout.fields.map(\.name)))
                skipLine()
                return nil
            }
            guard let value = parseValue(for: field, start: start) else {
                skipLine()
                return nil
            }
            event.fields.append((name, value))
        }
        return event
    }

    /// A field value, checked against the field's type and unit as a rule would be.
    mutating func parseValue(for field: FieldLayout.Field, start: Timestamp) -> TradingEvent.Value? {
        var negative = false
        if current.kind == .minus {
            negative = true
            advance()
        }
        let token = current
        let sign = negative ? -1.0 : 1.0
        func fail(_ message: String, hint: String? = nil) -> TradingEvent.Value? {
            if token.kind != .invalid { diagnostics.error(message, at: token.range, hint: hint) }
            return nil
        }
        advance()
        switch (field.type, token.kind) {
        case (.string, .string):
            return .string(token.stringValue)
        case (.bool, .identifier) where token.text == "true" || token.text == "false":
            return .bool(token.text == "true")
        case (.numeric(.percent), .percent):
            return .number(sign * token.value)
        case (.numeric(.percent), .number):
            return fail("'\(field.name)' is a percentage", hint: "write \(token.text)%")
        case (.numeric(.timestamp), .duration):
            // A duration is an offset from the test's start, like the 'at' times.
            return .number(start.seconds + sign * token.value)
        case (.numeric(.timestamp), .string):
            guard let time = Self.parseTime(token.stringValue) else {
                return fail("'\(token.stringValue)' is not an ISO-8601 time")
            }
            return .number(time.seconds)
        case (.numeric(let unit), .number) where unit != .timestamp:
            return .number(sign * token.value)
        default:
            return fail(
                "'\(field.name)' is \(field.type.noun); '\(token.text)' does not fit",
                hint: field.type == .string
                    ? "put text in quotes"
                    : field.type.unit == .timestamp
                        ? "give a time as an offset such as 30s, or as \"2026-01-05T08:00:00Z\"" : nil)
        }
    }

    mutating func parseExpectation() -> RuleTest.Expectation? {
        let word = current
        advance()
        switch word.text {
        case "no":
            let what = current
            advance()
            switch what.text {
            case "alerts": return .noAlerts
            case "notifications": return .noNotification(channel: nil, receiver: nil)
            case "webhook" where current.kind == .identifier:
                let receiver = current.text
                advance()
                return .noNotification(channel: "webhook", receiver: receiver)
            case "mail", "news", "webhook", "log": return .noNotification(channel: what.text, receiver: nil)
            default:
                diagnostics.error(
                    "expected 'no alerts', 'no notifications', 'no mail', 'no news', 'no webhook' or 'no log'",
                    at: what.range)
                skipLine()
                return nil
            }
        case "firing", "pending", "resolved", "inactive", "fired":
            guard current.kind == .identifier else {
                diagnostics.error("expected a rule name after '\(word.text)'", at: current.range)
                skipLine()
                return nil
            }
            let rule = current.text
            advance()
            guard let labels = parseLabels() else { return nil }
            if word.text == "fired" { return .fired(rule: rule, labels: labels) }
            return .state(AlertState(rawValue: word.text)!, rule: rule, labels: labels)
        case "mail", "news", "webhook", "log":
            return parseNotificationMatcher(channel: word.text)
        default:
            diagnostics.error(
                "unknown expectation '\(word.text)'", at: word.range,
                hint: Suggestion.hint(
                    for: word.text,
                    among: [
                        "no", "firing", "pending", "resolved", "inactive", "fired", "mail", "news", "webhook", "log",
                    ])
                    ?? "expect no alerts, firing RULE …, mail to LOGIN …, webhook NAME \"…\"")
            skipLine()
            return nil
        }
    }

    mutating func parseLabels() -> [(String, String)]? {
        var labels: [(String, String)] = []
        while current.kind == .identifier {
            var name = current.text
            advance()
            // Keys by related state are named as written: `by account.group` gives the label account.group.
            while current.kind == .dot, tokens[index + 1].kind == .identifier {
                name += "." + tokens[index + 1].text
                advance()
                advance()
            }
            guard current.kind == .assign else {
                diagnostics.error("expected '=' after '\(name)'", at: current.range, hint: "write \(name)=value")
                skipLine()
                return nil
            }
            advance()
            var negative = ""
            if current.kind == .minus {
                negative = "-"
                advance()
            }
            switch current.kind {
            case .string: labels.append((name, current.stringValue))
            case .number:
                labels.append((name, negative + ValueFormatter.format(current.value, unit: .number, style: nil)))
            case .identifier: labels.append((name, current.text))
            default:
                diagnostics.error("expected a value for '\(name)'", at: current.range)
                skipLine()
                return nil
            }
            advance()
        }
        return labels
    }

    mutating func parseNotificationMatcher(channel: String) -> RuleTest.Expectation? {
        var matcher = RuleTest.NotificationMatcher(channel: channel, mailTo: nil, receiver: nil, texts: [])
        if channel == "webhook", current.kind == .identifier {
            matcher.receiver = current.text
            advance()
        }
        while current.kind != .newline, current.kind != .endOfFile, current.kind != .rightBrace {
            if current.kind == .string {
                matcher.texts.append(("text", current.stringValue))
                advance()
                continue
            }
            let part = current
            advance()
            switch (channel, part.text) {
            case ("mail", "to"):
                guard current.kind == .number, current.value >= 0, current.value <= Double(Int32.max) else {
                    diagnostics.error("expected a login after 'to'", at: current.range)
                    skipLine()
                    return nil
                }
                matcher.mailTo = Int(current.value)
                advance()
            case ("mail", "subject"), ("mail", "body"), ("news", "topic"), ("news", "body"), ("news", "category"):
                guard let text = expectString("the expected text in quotes after '\(part.text)'") else { return nil }
                matcher.texts.append((part.text, text))
            default:
                diagnostics.error(
                    "unexpected '\(part.text)' in 'expect \(channel)'", at: part.range,
                    hint: channel == "mail"
                        ? "expect mail to LOGIN subject \"…\" body \"…\""
                        : channel == "news"
                            ? "expect news topic \"…\" body \"…\"" : "expect \(channel) \"text it contains\"")
                skipLine()
                return nil
            }
        }
        return .notification(matcher)
    }
}
