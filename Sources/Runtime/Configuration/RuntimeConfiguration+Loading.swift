import Foundation
import Yams

extension RuntimeConfiguration {
    /// Reads and checks a configuration file. Every problem in it is reported at once, each as
    /// `path:line:col: error: message` with a hint; secrets are not read yet (see ``check(environment:)``).
    public static func load(path: String) throws(ConfigurationError) -> RuntimeConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "it cannot be read"
            throw ConfigurationError([
                ConfigurationDiagnostic(
                    .error, "cannot read the configuration file: \(reason)", at: ConfigurationLocation(path: path),
                    hint: "check the path given to --config and its permissions")
            ])
        }
        return try load(text: text, path: path)
    }

    /// Reads a configuration from text; `path` names it in messages and is where relative paths start from.
    public static func load(text: String, path: String) throws(ConfigurationError) -> RuntimeConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError([syntaxDiagnostic(error, text: text, path: path)])
        }
        guard let root else {
            throw ConfigurationError([
                ConfigurationDiagnostic(
                    .error, "the configuration is empty", at: ConfigurationLocation(path: path),
                    hint: "start from examples/mtrules.sandbox.yaml; at least 'environment' and 'rules' are needed")
            ])
        }
        var reader = ConfigurationReader(path: path)
        guard let configuration = reader.readConfiguration(root: root) else {
            throw ConfigurationError(reader.diagnostics.sorted(by: Self.inFileOrder))
        }
        return configuration
    }

    private static func inFileOrder(_ a: ConfigurationDiagnostic, _ b: ConfigurationDiagnostic) -> Bool {
        (a.location.line, a.location.column) < (b.location.line, b.location.column)
    }

    /// A YAML syntax error where libyaml found it; a repeated key at its second appearance.
    static func syntaxDiagnostic(_ error: any Error, text: String, path: String) -> ConfigurationDiagnostic {
        func at(_ mark: Mark) -> ConfigurationLocation {
            ConfigurationLocation(path: path, line: mark.line, column: mark.column)
        }
        let hint = "YAML indents with spaces, puts ': ' after a key, and quotes text containing ': ' or '#'"
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return ConfigurationDiagnostic(.error, "invalid YAML: \(detail)\(problem)", at: at(mark), hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = at(context.mark)
            let repeated = repeatedKeyLocation(key, after: context.mark, in: text, path: path) ?? first
            return ConfigurationDiagnostic(
                .error, "'\(key)' is written twice in the same mapping (first at \(first.line):\(first.column))",
                at: repeated, hint: "keep one of them; a later one would silently win in other tools")
        default:
            return ConfigurationDiagnostic(
                .error, "invalid YAML: \(error)", at: ConfigurationLocation(path: path), hint: hint)
        }
    }

    /// The next line at the same indentation as `mark` that starts with `key:`: where the repeat was written.
    private static func repeatedKeyLocation(
        _ key: String, after mark: Mark, in text: String, path: String
    ) -> ConfigurationLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        for number in mark.line..<lines.count {
            let line = lines[number]
            let body = line.dropFirst(indent)
            guard line.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }), body.hasPrefix(key) else { continue }
            if body.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return ConfigurationLocation(path: path, line: number + 1, column: mark.column)
            }
        }
        return nil
    }
}
