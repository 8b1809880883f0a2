import Foundation

/// A script of market events at given times after the model's start, and the accounts it needs set up. Built by
/// `ScenarioParser` from the scenario file format (see `ScenarioParser`), or directly by tests.
public struct Scenario: Sendable, Hashable {
    /// An action due `at` seconds after the start. `line` is where the file said so (0 when built in code).
    public struct Entry: Sendable, Hashable {
        public var at: TimeInterval
        public var action: ScenarioAction
        public var line: Int

        public init(at: TimeInterval, action: ScenarioAction, line: Int = 0) {
            self.at = at
            self.action = action
            self.line = line
        }
    }

    /// An account the scenario scripts. It starts flat (no positions) and without credit unless given, with these
    /// settings (a nil group, balance or leverage comes from the seed and the login's default group), and simulated
    /// clients leave it alone, so only the scenario trades on it and its path depends on the seed only through
    /// market noise.
    public struct Account: Sendable, Hashable {
        public var login: Int
        public var group: String?
        public var balance: Double?
        public var credit: Double?
        public var leverage: Int?
        public var name: String?

        public init(
            login: Int, group: String? = nil, balance: Double? = nil, credit: Double? = nil, leverage: Int? = nil,
            name: String? = nil
        ) {
            self.login = login
            self.group = group
            self.balance = balance
            self.credit = credit
            self.leverage = leverage
            self.name = name
        }
    }

    /// The file it came from, for messages.
    public var path: String
    public var accounts: [Account]
    /// Sorted by time; entries due at the same time keep their file order.
    public var entries: [Entry]

    public init(path: String = "", accounts: [Account] = [], entries: [Entry] = []) {
        self.path = path
        self.accounts = accounts
        self.entries = entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(
            \.element)
    }

    public static let empty = Scenario()

    /// Every symbol the scenario names (so the model simulates them even beyond its configured count).
    public var symbols: [String] {
        var names: [String] = []
        for entry in entries {
            if let symbol = entry.action.symbol, !names.contains(symbol) { names.append(symbol) }
        }
        return names
    }

    /// Every login the scenario names.
    public var logins: [Int] {
        var logins = accounts.map(\.login)
        for entry in entries {
            if let login = entry.action.login, !logins.contains(login) { logins.append(login) }
        }
        return logins
    }
}

extension ScenarioAction {
    /// The symbol the action is about, if any.
    public var symbol: String? {
        switch self {
        case .move(let symbol, _, _), .moveTo(let symbol, _, _), .open(_, _, _, let symbol),
            .stopQuotes(let symbol), .resumeQuotes(let symbol), .burst(_, _, let symbol, _),
            .scalp(_, _, let symbol, _), .widenSpread(let symbol, _, _):
            return symbol
        case .close(_, let symbol):
            return symbol
        case .deposit, .withdraw, .credit, .pumpDown, .pumpUp:
            return nil
        }
    }

    /// The login the action is about, if any.
    public var login: Int? {
        switch self {
        case .open(let login, _, _, _), .close(let login, _), .deposit(let login, _), .withdraw(let login, _),
            .credit(let login, _), .burst(let login, _, _, _), .scalp(let login, _, _, _):
            return login
        case .move, .moveTo, .stopQuotes, .resumeQuotes, .widenSpread, .pumpDown, .pumpUp:
            return nil
        }
    }
}
