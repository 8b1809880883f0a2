extension Parser {
    static let clauseKeywords = [
        "on", "platform", "where", "when", "clear", "for", "by", "severity", "renotify", "step", "limit", "active",
        "shadow", "labels", "mail", "news", "webhook", "log",
    ]

    mutating func parseClause(into rule: inout RuleDeclaration) {
        guard current.kind == .identifier else {
            if current.kind != .invalid {
                error(
                    "expected a clause such as 'on', 'when' or 'webhook', found \(describe(current))", at: current.range
                )
            }
            skipLine()
            return
        }
        let keyword = current
        switch keyword.text {
        case "on":
            advance()
            if current.isIdentifier("resolve") {
                advance()
                if let action = parseAction() { rule.resolveActions.append(action) }
            } else {
                parseStream(into: &rule, keyword: keyword)
            }
        case "platform":
            advance()
            var names: [String] = []
            repeat {
                if current.kind == .comma { advance() }
                guard current.kind == .string else {
                    error("expected a platform name in quotes, found \(describe(current))", at: current.range)
                    skipLine()
                    return
                }
                names.append(current.stringValue)
                advance()
            } while current.kind == .comma
            setOnce(&rule.platforms, Located(names, range: keyword.range.through(previous.range)), keyword)
        case "where":
            advance()
            setOnce(&rule.filter, parseExpression(), keyword)
        case "when":
            advance()
            setOnce(&rule.condition, parseExpression(), keyword)
        case "clear":
            advance()
            guard current.isIdentifier("when") else {
                error("expected 'when' after 'clear'", at: current.range, hint: "write 'clear when <condition>'")
                skipLine()
                return
            }
            advance()
            setOnce(&rule.clearCondition, parseExpression(), keyword)
        case "for":
            advance()
            if let seconds = parseDurationLiteral("a duration after 'for'") {
                setOnce(&rule.holdFor, Located(seconds, range: keyword.range.through(previous.range)), keyword)
            }
        case "by":
            advance()
            if !rule.keyFields.isEmpty { duplicate(keyword) }
            var fields: [Expression] = []
            repeat {
                if current.kind == .comma { advance() }
                fields.append(parsePostfix())
            } while current.kind == .comma
            rule.keyFields = fields
            rule.keyRange = keyword.range.through(previous.range)
        case "severity":
            advance()
            if let level = expectIdentifier("a severity (info, warning or critical)") {
                setOnce(&rule.severity, level, keyword)
            }
        case "renotify":
            advance()
            guard current.isIdentifier("every") else {
                error("expected 'every' after 'renotify'", at: current.range, hint: "write 'renotify every 4h'")
                skipLine()
                return
            }
            advance()
            if let seconds = parseDurationLiteral("a duration after 'renotify every'") {
                setOnce(&rule.renotify, Located(seconds, range: keyword.range.through(previous.range)), keyword)
            }
        case "step":
            advance()
            setOnce(&rule.step, parseExpression(), keyword)
        case "limit":
            advance()
            parseLimit(into: &rule, keyword: keyword)
        case "active":
            advance()
            parseSchedule(into: &rule, keyword: keyword)
        case "shadow":
            advance()
            setOnce(&rule.shadow, keyword.range, keyword)
        case "labels":
            advance()
            parseLabels(into: &rule)
        case "mail", "news", "webhook", "log":
            if let action = parseAction() { rule.actions.append(action) }
        default:
            error(
                "unknown clause '\(keyword.text)'", at: keyword.range,
                hint: Suggestion.hint(for: keyword.text, among: Self.clauseKeywords + ["clear when", "on resolve"]))
            skipLine()
            return
        }
        endClause()
    }

    mutating func setOnce<Value>(_ slot: inout Value?, _ value: Value, _ keyword: Token) {
        if slot != nil { duplicate(keyword) }
        slot = value
    }

    mutating func duplicate(_ keyword: Token) {
        error("the '\(keyword.text)' clause appears twice in this rule", at: keyword.range, hint: "keep one of them")
    }

    mutating func parseStream(into rule: inout RuleDeclaration, keyword: Token) {
        guard let stream = expectIdentifier("a stream name after 'on' (margin, trade, tick, user, symbol, platform)")
        else {
            skipLine()
            return
        }
        if rule.stream != nil { duplicate(keyword) }
        rule.stream = stream
        var kinds: [Identifier] = []
        while current.kind == .identifier {
            kinds.append(Identifier(current.text, range: current.range))
            advance()
            if current.kind == .comma { advance() }
        }
        rule.kinds = kinds
    }

    mutating func parseDurationLiteral(_ what: String) -> Double? {
        if current.kind == .duration {
            let value = current.value
            advance()
            return value
        }
        if current.kind == .number {
            error(
                "'\(current.text)' is a plain number, not a duration", at: current.range,
                hint: "add a unit, as in \(current.text)s, \(current.text)m or \(current.text)h")
        } else if current.kind != .invalid {
            error(
                "expected \(what), found \(describe(current))", at: current.range,
                hint: "write it as in 30s, 5m, 4h, 1d")
        }
        skipLine()
        return nil
    }

    mutating func parseLimit(into rule: inout RuleDeclaration, keyword: Token) {
        guard current.kind == .number, current.value >= 1, current.value <= 1_000_000,
            current.value == current.value.rounded()
        else {
            error(
                "expected a whole number of notifications (1 to 1,000,000) after 'limit', found \(describe(current))",
                at: current.range, hint: "write 'limit 20 per 1m'")
            skipLine()
            return
        }
        let count = Int(current.value)
        advance()
        guard current.isIdentifier("per") else {
            error("expected 'per' after the limit's count", at: current.range, hint: "write 'limit \(count) per 1m'")
            skipLine()
            return
        }
        advance()
        guard let seconds = parseDurationLiteral("a duration after 'per'") else { return }
        setOnce(&rule.limit, Located((count, seconds), range: keyword.range.through(previous.range)), keyword)
    }

    mutating func parseLabels(into rule: inout RuleDeclaration) {
        guard expect(.leftBrace, "'{' after 'labels'") else {
            skipLine()
            return
        }
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            if current.kind == .rightBrace {
                advance()
                return
            }
            guard let name = expectIdentifier("a label name") else {
                skipBlock()
                return
            }
            guard expect(.colon, "':' after the label name") else {
                skipBlock()
                return
            }
            guard current.kind == .string else {
                error("expected the label's value in quotes, found \(describe(current))", at: current.range)
                skipBlock()
                return
            }
            if rule.labels.contains(where: { $0.name.name == name.name }) {
                error("label '\(name.name)' is set twice", at: name.range)
            }
            rule.labels.append((name, Located(current.stringValue, range: current.range)))
            advance()
        }
    }
}
