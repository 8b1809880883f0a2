extension Checker {
    mutating func checkAction(_ action: Action, stream: StreamSchema) -> CheckedAction? {
        switch action.kind {
        case .mail(let recipient, let subject, let body):
            let checkedRecipient: CheckedAction.Recipient
            switch recipient {
            case .client(let range):
                guard stream.clientField != nil else {
                    diagnostics.error(
                        "'mail client' needs an account, but \(stream.name) events are not about one", at: range,
                        hint: "mail fixed logins, as in mail [1001] …, or a named list from the configuration")
                    return nil
                }
                checkedRecipient = .client
            case .logins(let items, let range):
                var logins: [Int] = []
                for item in items {
                    let checked = check(item)
                    guard let value = checked.constantNumber, checked.isBareNumber, value == value.rounded(), value > 0,
                        value <= Double(Int32.max)
                    else {
                        if !checked.isInvalid {
                            diagnostics.error("a login is a whole number from 1 to \(Int32.max)", at: item.range)
                        }
                        return nil
                    }
                    logins.append(Int(value))
                }
                if logins.isEmpty {
                    diagnostics.error("the list of logins is empty", at: range)
                    return nil
                }
                checkedRecipient = .logins(logins)
            case .named(let identifier):
                checkedRecipient = .named(identifier.name)
            }
            let checkedSubject = subject.map {
                checkTemplate($0, limit: schema.actionLimits.mailSubject, what: "a mail subject")
            }
            let checkedBody = checkTemplate(body, limit: nil, what: "a mail body")
            if body.segments.isEmpty {
                diagnostics.error("a mail body cannot be empty", at: body.range)
            }
            return .mail(recipient: checkedRecipient, subject: checkedSubject, body: checkedBody)
        case .news(let topic, let body, let category, let highPriority):
            if topic.segments.isEmpty { diagnostics.error("a news topic cannot be empty", at: topic.range) }
            if body.segments.isEmpty { diagnostics.error("a news body cannot be empty", at: body.range) }
            return .news(
                topic: checkTemplate(topic, limit: schema.actionLimits.newsTopic, what: "a news topic"),
                body: checkTemplate(body, limit: nil, what: "a news body"),
                category: category.map {
                    checkTemplate($0, limit: schema.actionLimits.newsCategory, what: "a news category")
                },
                highPriority: highPriority)
        case .webhook(let receiver, let message):
            return .webhook(receiver: receiver.name, message: checkTemplate(message, limit: nil, what: "a message"))
        case .log(let message):
            return .log(message: checkTemplate(message, limit: nil, what: "a message"))
        }
    }

    mutating func checkTemplate(_ template: Template, limit: Int?, what: String) -> CheckedTemplate {
        var segments: [CheckedTemplate.Segment] = []
        var literalLength = 0
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                literalLength += text.count
                segments.append(.literal(text))
            case .placeholder(let expression, let format):
                let checked = check(expression)
                if checked.isInvalid { continue }
                if checked.type == .bool, let format {
                    diagnostics.error("a condition takes no format", at: format.range)
                } else if let format, !Self.format(format.style, fits: checked.type) {
                    diagnostics.error(
                        "format '\(file.text(of: format.range))' does not fit \(checked.type.noun) ('\(checked.text)')",
                        at: format.range, hint: Self.formatHint(for: checked.type))
                }
                segments.append(.value(checked, format?.style))
            }
        }
        if let limit, literalLength > limit {
            diagnostics.error(
                "\(what) is limited to \(limit) characters; this one has \(literalLength) before any values",
                at: template.range)
        }
        return CheckedTemplate(segments: segments)
    }

    static func format(_ style: FormatSpec.Style, fits type: ValueType) -> Bool {
        switch style {
        case .fixed, .money, .integer:
            return type.unit != nil && type.unit != .timestamp
        case .time, .date:
            return type.unit == .timestamp
        case .duration:
            return type.unit == .duration
        case .upper, .lower:
            return type == .string
        }
    }

    static func formatHint(for type: ValueType) -> String {
        switch type {
        case .numeric(.timestamp): return "timestamps take :time or :date"
        case .numeric(.duration): return "durations take :duration, or .Nf for seconds"
        case .numeric: return "numbers take .Nf (as in .1f), money or int"
        case .string: return "strings take upper or lower"
        default: return "use no format"
        }
    }
}
