/// What is wrong with a receiver's configuration: every problem found, each in words an operator can act on. Never
/// contains a secret (a URL that fails to parse is described, not shown).
public struct ReceiverConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The receiver's name, when known.
    public var receiver: String?
    public var problems: [String]

    public init(receiver: String? = nil, problems: [String]) {
        self.receiver = receiver
        self.problems = problems
    }

    public init(receiver: String? = nil, problem: String) {
        self.init(receiver: receiver, problems: [problem])
    }

    /// `receiver 'risk_desk': telegram receivers need chatID; timeout must be positive`.
    public var description: String {
        let prefix = receiver.map { "receiver '\($0)': " } ?? ""
        return prefix + problems.joined(separator: "; ")
    }
}
