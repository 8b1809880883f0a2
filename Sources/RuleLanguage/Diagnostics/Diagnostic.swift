/// One problem found in a rule or test file: what is wrong, where, and what to do about it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public let severity: Severity
    public let message: String
    public let path: String
    public let range: SourceRange
    public let location: SourceLocation
    /// A suggestion printed under the caret, such as "did you mean 'level'?".
    public let hint: String?

    public init(
        _ severity: Severity, _ message: String, in file: SourceFile, at range: SourceRange, hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.path = file.path
        self.range = range
        self.location = file.location(of: range.start)
        self.hint = hint
    }

    public var isError: Bool { severity == .error }
}

/// Collects diagnostics for one file so every phase can report and carry on.
package struct DiagnosticBag: Sendable {
    package let file: SourceFile
    package private(set) var items: [Diagnostic] = []

    package init(file: SourceFile) {
        self.file = file
    }

    package var hasErrors: Bool { items.contains(where: \.isError) }

    package mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        items.append(Diagnostic(.error, message, in: file, at: range, hint: hint))
    }

    package mutating func warning(_ message: String, at range: SourceRange, hint: String? = nil) {
        items.append(Diagnostic(.warning, message, in: file, at: range, hint: hint))
    }

    package mutating func append(contentsOf other: [Diagnostic]) {
        items.append(contentsOf: other)
    }
}
