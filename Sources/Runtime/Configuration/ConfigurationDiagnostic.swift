/// One problem found in a configuration file: what is wrong, where, and what to do about it. Never holds a secret's
/// value: secrets are described by where they come from (`env:NAME`, `file:PATH`).
public struct ConfigurationDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: ConfigurationLocation
    public var message: String
    /// What to write instead: "did you mean 'listen'?", the allowed keys, an example.
    public var hint: String?

    public init(_ severity: Severity, _ message: String, at location: ConfigurationLocation, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var isError: Bool { severity == .error }

    /// `mtrules.yaml:12:5: error: message`, then `    hint: …` on its own line when there is a hint (the form the
    /// rule checker prints).
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}
