/// Why a configuration cannot be used: every problem found in the file (not only the first), each with its position.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [ConfigurationDiagnostic]

    public init(_ diagnostics: [ConfigurationDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line (hints indented under theirs), ready for standard error.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
