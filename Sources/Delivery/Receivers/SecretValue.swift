import Foundation

/// A value that must not be shown: a keyed webhook URL, a bot token, a routing key, an authorisation header.
///
/// The configuration names where the secret lives (the environment or a file, so it stays out of the config file,
/// version control and `ps`); a literal is accepted for tests and for values that are not really secret. Every textual
/// form of a `SecretValue` (`description`, `debugDescription`, `dump`, string interpolation) names the source and
/// never the value, so receivers can be logged and printed by test failures safely.
public enum SecretValue: Sendable, Hashable {
    /// The value itself, as written in the configuration.
    case literal(String)
    /// The value of an environment variable, read when the receiver is set up.
    case environment(String)
    /// The content of a file (a mounted secret), without its trailing line break.
    case file(String)

    /// Reads the secret. Errors name the variable or file, never the value.
    public func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> String {
        switch self {
        case .literal(let value):
            guard !value.isEmpty else { throw .emptyLiteral }
            return value
        case .environment(let name):
            guard let value = environment[name] else { throw .missingVariable(name) }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .emptyVariable(name) }
            return trimmed
        case .file(let path):
            return try Self.read(path)
        }
    }

    private static func read(_ path: String) throws(SecretError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "it cannot be read"
            throw .unreadableFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path: path, reason: "it is not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyFile(path) }
        return trimmed
    }
}

extension SecretValue: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where the secret comes from: `<literal, redacted>`, `env:SLACK_URL`, `file:/run/secrets/slack`.
    public var description: String {
        switch self {
        case .literal: "<literal, redacted>"
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        }
    }

    public var debugDescription: String { "SecretValue(\(description))" }
    public var customMirror: Mirror { Mirror(self, children: ["source": description], displayStyle: .enum) }
}
