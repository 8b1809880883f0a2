/// Reads scenario files: one statement per line, `#` starts a comment, times and durations as in the rule
/// language (`500ms`, `30s`, `5m`, `1h30m`), times counted from the market's start.
///
/// ```
/// account 1002 group real-std balance 12450 leverage 100 name "Margin Call Demo"
/// at 1s open 1002 buy 3 EURUSD
/// at 5s move EURUSD -3% over 10s          # or: move XAUUSD to 1990 over 1m
/// at 12s close 1005 XAUUSD                # or: close 1005 all
/// at 20s stop quotes USDCHF
/// at 55s resume quotes USDCHF
/// at 30s deposit 1003 75000               # withdraw LOGIN AMOUNT, credit LOGIN ±AMOUNT
/// at 15s burst 1007 25 trades EURUSD over 30s
/// at 23s scalp 1008 6 trades GBPUSD over 30s
/// at 35s widen spread AUDUSD x6 for 20s
/// at 62s pump down for 5s                 # or: pump down / pump up
/// ```
///
/// `account` declares a scripted account (see `Scenario.Account`): `group`, `balance`, `credit`, `leverage` (100 or
/// 1:100) and `name` are optional, in any order. The first error stops parsing; it names the file, line and column.
public enum ScenarioParser {
    /// Action words, for messages.
    static let actionNames = [
        "move", "open", "close", "stop", "resume", "deposit", "withdraw", "credit", "burst", "scalp", "widen", "pump",
    ]

    public static func parse(_ text: String, path: String) throws(ScenarioError) -> Scenario {
        var accounts: [Scenario.Account] = []
        var declaredOn: [Int: Int] = [:]
        var entries: [Scenario.Entry] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = try ScenarioLine(path: path, number: number, text: rawLine)
            guard let first = line.next() else { continue }
            switch first.text {
            case "at" where !first.quoted:
                let time = try line.duration("a time")
                let action = try parseAction(&line, after: "'at \(DurationText.format(time))'")
                entries.append(Scenario.Entry(at: time, action: action, line: number))
            case "account" where !first.quoted:
                let loginWord = line.peek
                let account = try parseAccount(&line)
                if let previous = declaredOn[account.login] {
                    throw line.error("account \(account.login) is already declared on line \(previous)", at: loginWord)
                }
                declaredOn[account.login] = number
                accounts.append(account)
            default:
                var message = "expected 'at TIME ACTION' or 'account LOGIN …', found '\(first.text)'"
                if actionNames.contains(first.text) {
                    message += "; give the time first, as in 'at 5s \(first.text) …'"
                }
                throw line.error(message, at: first)
            }
        }
        return Scenario(path: path, accounts: accounts, entries: entries)
    }

    /// Parses one action without a time (`deposit 1003 75000`), as the simulator's `/sim` endpoints take them.
    public static func parseAction(_ text: String, path: String = "<action>") throws(ScenarioError) -> ScenarioAction {
        var line = try ScenarioLine(path: path, number: 1, text: Substring(text))
        return try parseAction(&line, after: nil)
    }

    private static func parseAccount(_ line: inout ScenarioLine) throws(ScenarioError) -> Scenario.Account {
        var account = Scenario.Account(login: try line.login())
        var seen: [String] = []
        while let word = line.next() {
            guard !seen.contains(word.text) else { throw line.error("'\(word.text)' is given twice", at: word) }
            seen.append(word.text)
            switch word.text {
            case "group":
                let value = line.next()
                let names = GroupSettings.catalog.map(\.name)
                guard let value, names.contains(value.text) else {
                    throw line.error(
                        (value.map { "unknown group '\($0.text)'" } ?? "expected a group name")
                            + "; groups are \(names.joined(separator: ", "))", at: value)
                }
                account.group = value.text
            case "balance":
                account.balance = try line.number("a balance (a number such as 12450)")
            case "credit":
                account.credit = try line.number("a credit (a number such as 500)")
            case "leverage":
                let value = line.next()
                let text = value.map { $0.text.hasPrefix("1:") ? String($0.text.dropFirst(2)) : $0.text }
                guard let text, let leverage = Int(text), (1...10_000).contains(leverage) else {
                    throw line.error("expected a leverage such as 100 or 1:100", at: value)
                }
                account.leverage = leverage
            case "name":
                guard let value = line.next() else {
                    throw line.error("expected a name (quote it if it has spaces)", at: nil)
                }
                account.name = value.text
            default:
                throw line.error(
                    "unknown account setting '\(word.text)'; settings are group, balance, credit, leverage, name",
                    at: word)
            }
        }
        return account
    }

    /// An action's words; `context` says what came before, for the message when there is none.
    private static func parseAction(
        _ line: inout ScenarioLine, after context: String?
    ) throws(ScenarioError) -> ScenarioAction {
        guard let word = line.next() else {
            let after = context.map { " after \($0)" } ?? ""
            throw line.error("expected an action\(after): \(actionNames.joined(separator: ", "))", at: nil)
        }
        let action: ScenarioAction
        switch word.text {
        case "move": action = try parseMove(&line)
        case "open":
            let login = try line.login()
            let sideWord = line.next()
            guard let sideWord, let side = ScenarioAction.Side(rawValue: sideWord.text) else {
                throw line.error(
                    "expected buy or sell" + (sideWord.map { ", found '\($0.text)'" } ?? ""), at: sideWord)
            }
            let lotsWord = line.peek
            let lots = try line.number("a volume in lots such as 1.5")
            guard lots >= 0.01, lots <= 100_000 else {
                throw line.error("a volume must be 0.01 to 100000 lots", at: lotsWord)
            }
            action = .open(login: login, side: side, lots: lots, symbol: try line.symbol())
        case "close":
            let login = try line.login()
            if line.peek?.text == "all" {
                _ = line.next()
                action = .close(login: login, symbol: nil)
            } else {
                action = .close(login: login, symbol: try line.symbol())
            }
        case "stop", "resume":
            try line.expect("quotes", after: "'\(word.text)'")
            let symbol = try line.symbol()
            action = word.text == "stop" ? .stopQuotes(symbol: symbol) : .resumeQuotes(symbol: symbol)
        case "deposit", "withdraw", "credit":
            let login = try line.login()
            let amountWord = line.peek
            let amount = try line.number("an amount such as 75000", signed: word.text == "credit")
            guard amount != 0, word.text == "credit" || amount > 0 else {
                throw line.error("an amount must be \(word.text == "credit" ? "non-zero" : "positive")", at: amountWord)
            }
            switch word.text {
            case "deposit": action = .deposit(login: login, amount: amount)
            case "withdraw": action = .withdraw(login: login, amount: amount)
            default: action = .credit(login: login, amount: amount)
            }
        case "burst", "scalp":
            let login = try line.login()
            let countWord = line.peek
            let count = try line.number("a number of trades")
            guard count >= 1, count <= 10_000, count == count.rounded() else {
                throw line.error("the number of trades must be a whole number from 1 to 10000", at: countWord)
            }
            try line.expect("trades", after: "the number of trades")
            let symbol = try line.symbol()
            try line.expect("over", after: "the symbol")
            let duration = try line.duration()
            action =
                word.text == "burst"
                ? .burst(login: login, trades: Int(count), symbol: symbol, duration: duration)
                : .scalp(login: login, trades: Int(count), symbol: symbol, duration: duration)
        case "widen":
            try line.expect("spread", after: "'widen'")
            let symbol = try line.symbol()
            let factorWord = line.next()
            let factorText = factorWord.map { word in
                word.text.hasPrefix("x")
                    ? String(word.text.dropFirst()) : word.text.hasSuffix("x") ? String(word.text.dropLast()) : ""
            }
            guard let factorText, let factor = ScenarioLine.decimal(factorText, signed: false), factor >= 1 else {
                throw line.error(
                    "expected a factor of 1 or more, such as x5" + (factorWord.map { ", found '\($0.text)'" } ?? ""),
                    at: factorWord)
            }
            try line.expect("for", after: "the factor")
            action = .widenSpread(symbol: symbol, factor: factor, duration: try line.duration())
        case "pump":
            let state = line.next()
            switch state?.text {
            case "down":
                if line.peek?.text == "for" {
                    _ = line.next()
                    action = .pumpDown(duration: try line.duration())
                } else {
                    action = .pumpDown(duration: nil)
                }
            case "up":
                action = .pumpUp
            default:
                throw line.error(
                    "expected 'down' or 'up' after 'pump'" + (state.map { ", found '\($0.text)'" } ?? ""), at: state)
            }
        default:
            var message = "unknown action '\(word.text)'"
            if let close = ScenarioLine.suggestion(for: word.text, among: actionNames) {
                message += "; did you mean '\(close)'?"
            } else {
                message += "; actions are \(actionNames.joined(separator: ", "))"
            }
            throw line.error(message, at: word)
        }
        try line.finish()
        return action
    }

    /// `move SYMBOL ±N% over D` or `move SYMBOL to PRICE over D`.
    private static func parseMove(_ line: inout ScenarioLine) throws(ScenarioError) -> ScenarioAction {
        let symbol = try line.symbol()
        let word = line.next()
        if word?.text == "to" {
            let priceWord = line.peek
            let price = try line.number("a price")
            guard price > 0 else { throw line.error("a price must be positive", at: priceWord) }
            try line.expect("over", after: "the price")
            return .moveTo(symbol: symbol, price: price, duration: try line.duration())
        }
        guard let word, word.text.hasSuffix("%"),
            let percent = ScenarioLine.decimal(String(word.text.dropLast()), signed: true)
        else {
            throw line.error(
                "expected a change such as -3% or 'to PRICE'" + (word.map { ", found '\($0.text)'" } ?? ""), at: word)
        }
        guard percent > -100 else { throw line.error("a move must leave a positive price (more than -100%)", at: word) }
        try line.expect("over", after: "the change")
        return .move(symbol: symbol, change: percent / 100, duration: try line.duration())
    }
}
