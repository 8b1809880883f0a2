extension Parser {
    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// `active during [days] HH:MM-HH:MM [zone]`, days as `mon-fri`, `sat,sun`, `daily`, `weekdays` or `weekends`.
    mutating func parseSchedule(into rule: inout RuleDeclaration, keyword: Token) {
        guard current.isIdentifier("during") else {
            error(
                "expected 'during' after 'active'", at: current.range,
                hint: "write 'active during mon-fri 08:00-22:00 UTC'")
            skipLine()
            return
        }
        advance()
        var days = Set<Int>()
        while current.kind == .identifier {
            let word = current.text.lowercased()
            switch word {
            case "daily": days.formUnion(1...7)
            case "weekdays": days.formUnion(1...5)
            case "weekends": days.formUnion(6...7)
            default:
                guard let first = Self.weekdays[word] else {
                    error(
                        "unknown day '\(current.text)'", at: current.range,
                        hint: Suggestion.hint(for: word, among: Self.weekdays.keys)
                            ?? "days are mon, tue, wed, thu, fri, sat, sun, or daily, weekdays, weekends")
                    skipLine()
                    return
                }
                if peek(1).kind == .minus, peek(2).kind == .identifier {
                    advance()
                    advance()
                    guard let last = Self.weekdays[current.text.lowercased()] else {
                        error("unknown day '\(current.text)'", at: current.range)
                        skipLine()
                        return
                    }
                    var day = first
                    while true {
                        days.insert(day)
                        if day == last { break }
                        day = day % 7 + 1
                    }
                } else {
                    days.insert(first)
                }
            }
            advance()
            if current.kind == .comma { advance() }
        }
        if days.isEmpty { days = Set(1...7) }
        guard let start = parseClockTime(), expect(.minus, "'-' between the start and end times"),
            let end = parseClockTime()
        else {
            skipLine()
            return
        }
        var zone = "UTC"
        if current.kind == .identifier {
            zone = current.text
            advance()
            while [.slash, .plus, .minus, .colon].contains(current.kind) {
                zone += current.text
                advance()
                if current.kind == .identifier || current.kind == .number {
                    zone += current.text
                    advance()
                }
            }
        }
        let schedule = Schedule(days: days, startMinute: start, endMinute: end, zoneIdentifier: zone)
        setOnce(&rule.schedule, Located(schedule, range: keyword.range.through(previous.range)), keyword)
    }

    private mutating func parseClockTime() -> Int? {
        let start = current.range
        guard current.kind == .number, peek(1).kind == .colon, peek(2).kind == .number else {
            error("expected a time as HH:MM, found \(describe(current))", at: current.range, hint: "write 08:00-22:00")
            return nil
        }
        let (hourValue, minuteValue) = (current.value, peek(2).value)
        advance()
        advance()
        advance()
        guard (0...24).contains(hourValue), (0...59).contains(minuteValue), hourValue * 60 + minuteValue <= 1440,
            hourValue == hourValue.rounded(), minuteValue == minuteValue.rounded()
        else {
            error(
                "'\(file.text(of: start.through(previous.range)))' is not a time of day",
                at: start.through(previous.range))
            return nil
        }
        return Int(hourValue) * 60 + Int(minuteValue)
    }
}
