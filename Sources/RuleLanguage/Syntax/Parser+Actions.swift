extension Parser {
    mutating func parseAction() -> Action? {
        let keyword = current
        guard keyword.kind == .identifier else {
            error("expected an action (mail, news, webhook or log), found \(describe(keyword))", at: keyword.range)
            skipLine()
            return nil
        }
        advance()
        switch keyword.text {
        case "mail":
            return parseMail(keyword)
        case "news":
            return parseNews(keyword)
        case "webhook":
            guard let receiver = expectIdentifier("a receiver name after 'webhook'") else {
                skipLine()
                return nil
            }
            guard let message = parseTemplateArgument("the message in quotes after the receiver") else { return nil }
            return Action(
                kind: .webhook(receiver: receiver, message: message), range: keyword.range.through(previous.range))
        case "log":
            guard let message = parseTemplateArgument("the message in quotes after 'log'") else { return nil }
            return Action(kind: .log(message: message), range: keyword.range.through(previous.range))
        default:
            error(
                "unknown action '\(keyword.text)'", at: keyword.range,
                hint: Suggestion.hint(for: keyword.text, among: ["mail", "news", "webhook", "log"]))
            skipLine()
            return nil
        }
    }

    private mutating func parseMail(_ keyword: Token) -> Action? {
        let problemsBefore = diagnostics.items.count
        let recipient: MailRecipient
        if current.isIdentifier("client") {
            recipient = .client(current.range)
            advance()
        } else if current.kind == .leftBracket {
            let list = parsePrimary()
            guard case .list(let items) = list.kind else { return nil }
            recipient = .logins(items, list.range)
        } else if current.kind == .identifier, current.text != "subject", current.text != "body" {
            recipient = .named(Identifier(current.text, range: current.range))
            advance()
        } else {
            error(
                "expected who gets the mail: 'client', a list of logins, or a receiver name", at: current.range,
                hint: "write 'mail client subject \"...\" body \"...\"'")
            skipLine()
            return nil
        }
        var subject: Template?
        var body: Template?
        while current.kind == .identifier {
            let part = current
            advance()
            switch part.text {
            case "subject":
                if subject != nil { duplicatePart(part) }
                subject = parseTemplateArgument("the subject in quotes")
            case "body":
                if body != nil { duplicatePart(part) }
                body = parseTemplateArgument("the body in quotes")
            default:
                error(
                    "unknown mail part '\(part.text)'", at: part.range,
                    hint: Suggestion.hint(for: part.text, among: ["subject", "body"])
                        ?? "a mail has a subject and a body")
                skipLine()
                return nil
            }
        }
        let range = keyword.range.through(previous.range)
        guard let body else {
            if diagnostics.items.count == problemsBefore, !lineHasInvalidToken {
                error("a mail needs a body", at: range, hint: "add body \"...\"; MT4 refuses mail without one")
            }
            return nil
        }
        return Action(kind: .mail(recipient: recipient, subject: subject, body: body), range: range)
    }

    private mutating func parseNews(_ keyword: Token) -> Action? {
        let problemsBefore = diagnostics.items.count
        var topic: Template?
        var body: Template?
        var category: Template?
        var highPriority = false
        while current.kind == .identifier {
            let part = current
            advance()
            switch part.text {
            case "topic":
                if topic != nil { duplicatePart(part) }
                topic = parseTemplateArgument("the topic in quotes")
            case "body":
                if body != nil { duplicatePart(part) }
                body = parseTemplateArgument("the body in quotes")
            case "category":
                if category != nil { duplicatePart(part) }
                category = parseTemplateArgument("the category in quotes")
            case "priority":
                if current.isIdentifier("high") {
                    highPriority = true
                } else if !current.isIdentifier("normal") {
                    error("expected 'high' or 'normal' after 'priority'", at: current.range)
                }
                advance()
            default:
                error(
                    "unknown news part '\(part.text)'", at: part.range,
                    hint: Suggestion.hint(for: part.text, among: ["topic", "body", "category", "priority"]))
                skipLine()
                return nil
            }
        }
        let range = keyword.range.through(previous.range)
        guard let topic, let body else {
            if diagnostics.items.count == problemsBefore, !lineHasInvalidToken {
                error("news needs a topic and a body", at: range, hint: "write news topic \"...\" body \"...\"")
            }
            return nil
        }
        return Action(
            kind: .news(topic: topic, body: body, category: category, highPriority: highPriority), range: range)
    }

    /// Whether the current line holds text the lexer already reported, so follow-on errors would only repeat it.
    private var lineHasInvalidToken: Bool {
        var start = index
        while start > 0, tokens[start - 1].kind != .newline { start -= 1 }
        var end = index
        while end < tokens.count - 1, tokens[end].kind != .newline { end += 1 }
        return tokens[start...end].contains { $0.kind == .invalid }
    }

    private mutating func duplicatePart(_ part: Token) {
        error("'\(part.text)' is given twice", at: part.range)
    }

    mutating func parseTemplateArgument(_ what: String) -> Template? {
        guard current.kind == .string else {
            if current.kind != .invalid { error("expected \(what), found \(describe(current))", at: current.range) }
            skipLine()
            return nil
        }
        let token = current
        advance()
        return parseTemplate(SourceRange(start: token.range.start + 1, end: token.range.end - 1))
    }

    /// Splits the raw text between a string's quotes into literal text and `{expression:spec}` placeholders.
    mutating func parseTemplate(_ range: SourceRange) -> Template {
        let bytes = file.bytes
        var segments: [Template.Segment] = []
        var literal: [UInt8] = []
        var position = range.start
        func flush() {
            if !literal.isEmpty {
                segments.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
        }
        while position < range.end {
            let byte = bytes[position]
            let next = position + 1 < range.end ? bytes[position + 1] : 0
            if byte == UInt8(ascii: "\\") {
                switch next {
                case UInt8(ascii: "n"): literal.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): literal.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): literal.append(next)
                default:
                    literal.append(byte)
                    if next != 0 { literal.append(next) }
                }
                position += 2
            } else if byte == UInt8(ascii: "{"), next == UInt8(ascii: "{") {
                literal.append(byte)
                position += 2
            } else if byte == UInt8(ascii: "}"), next == UInt8(ascii: "}") {
                literal.append(byte)
                position += 2
            } else if byte == UInt8(ascii: "}") {
                diagnostics.error(
                    "unmatched '}' in a message", at: SourceRange(start: position, end: position + 1),
                    hint: "write '}}' for a literal brace")
                position += 1
            } else if byte == UInt8(ascii: "{") {
                flush()
                let (segment, after) = parsePlaceholder(openingAt: position, limit: range.end)
                if let segment { segments.append(segment) }
                position = after
            } else {
                literal.append(byte)
                position += 1
            }
        }
        flush()
        return Template(segments: segments, range: range)
    }

    private mutating func parsePlaceholder(openingAt open: Int, limit: Int) -> (Template.Segment?, Int) {
        let bytes = file.bytes
        var depth = 0
        var colon: Int?
        var position = open + 1
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { depth -= 1 }
            if byte == UInt8(ascii: ":"), depth == 0, colon == nil { colon = position }
            if byte == UInt8(ascii: "}") { break }
            position += 1
        }
        guard position < limit else {
            diagnostics.error(
                "placeholder is not closed with '}'", at: SourceRange(start: open, end: limit),
                hint: "write '{{' for a literal brace")
            return (nil, limit)
        }
        let close = position
        let expressionRange = SourceRange(start: open + 1, end: colon ?? close)
        if file.text(of: expressionRange).allSatisfy(\.isWhitespace) {
            diagnostics.error(
                "empty placeholder '{}'", at: SourceRange(start: open, end: close + 1),
                hint: "put a field inside, as in {login}, or write '{{' for a literal brace")
            return (nil, close + 1)
        }
        var sub = Parser(file: file, range: expressionRange)
        let expression = sub.parseExpression()
        if !sub.atEnd, sub.current.kind != .newline {
            sub.error("unexpected \(sub.describe(sub.current)) in the placeholder", at: sub.current.range)
        }
        diagnostics.append(contentsOf: sub.diagnostics.items)
        var format: FormatSpec?
        if let colon {
            let specRange = SourceRange(start: colon + 1, end: close)
            format = parseFormatSpec(specRange)
        }
        return (.placeholder(expression, format: format), close + 1)
    }

    private mutating func parseFormatSpec(_ range: SourceRange) -> FormatSpec? {
        let text = file.text(of: range).trimmingSpaces()
        let style: FormatSpec.Style?
        switch text {
        case "money": style = .money
        case "int", "d": style = .integer
        case "time": style = .time
        case "date": style = .date
        case "duration": style = .duration
        case "upper": style = .upper
        case "lower": style = .lower
        default:
            if text.hasPrefix("."), text.hasSuffix("f"), let decimals = Int(text.dropFirst().dropLast()),
                (0...10).contains(decimals)
            {
                style = .fixed(decimals: decimals)
            } else {
                style = nil
            }
        }
        guard let style else {
            diagnostics.error(
                "unknown format '\(text)'", at: range,
                hint: "use .Nf (as in .1f), money, int, time, date, duration, upper or lower")
            return nil
        }
        return FormatSpec(style: style, range: range)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
