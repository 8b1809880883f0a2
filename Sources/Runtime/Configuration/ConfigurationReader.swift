import Delivery
import Foundation
import RuleLanguage
import Yams

/// Walks a configuration file's YAML node tree and collects every problem with its position instead of stopping at
/// the first, so one `--check-config` run lists everything there is to fix. Typed readers (`text`, `duration`, `url`,
/// `secret`, …) report a wrong value where it was written and return nil, and the caller carries on.
struct ConfigurationReader {
    let path: String
    /// Relative paths in the file are relative to the file, not to wherever mtrules was started.
    let directory: URL
    private(set) var diagnostics: [ConfigurationDiagnostic] = []
    private(set) var locations: [String: ConfigurationLocation] = [:]

    init(path: String) {
        self.path = path
        self.directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
    }

    var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    func location(_ node: Node?) -> ConfigurationLocation {
        guard let mark = node?.mark else { return ConfigurationLocation(path: path) }
        return ConfigurationLocation(path: path, line: mark.line, column: mark.column)
    }

    mutating func error(_ message: String, at node: Node?, hint: String? = nil) {
        diagnostics.append(ConfigurationDiagnostic(.error, message, at: location(node), hint: hint))
    }

    mutating func warning(_ message: String, at node: Node?, hint: String? = nil) {
        diagnostics.append(ConfigurationDiagnostic(.warning, message, at: location(node), hint: hint))
    }

    mutating func remember(_ keyPath: String, _ node: Node) {
        locations[keyPath] = location(node)
    }

    /// An absolute path: relative ones are taken from the configuration file's directory, `~/` from the home.
    func resolvePath(_ text: String) -> String {
        if text.hasPrefix("/") { return URL(fileURLWithPath: text).standardizedFileURL.path }
        if text == "~" || text.hasPrefix("~/") {
            return URL(fileURLWithPath: NSString(string: text).expandingTildeInPath).standardizedFileURL.path
        }
        return directory.appendingPathComponent(text).standardizedFileURL.path
    }

    // MARK: Sections

    /// A mapping whose keys are checked against those it may hold; unknown keys are reported with the nearest
    /// allowed one. An absent or empty section reads as empty, so every key takes its default.
    mutating func section(_ node: Node?, keyPath: String, allowed: [String]) -> ConfigurationSection {
        guard let node, !Self.isNull(node) else {
            return ConfigurationSection(keyPath: keyPath, node: node, entries: [:])
        }
        guard case .mapping(let mapping) = node else {
            let what = keyPath.isEmpty ? "the configuration" : Self.quoted(keyPath)
            error(
                "\(what) must be a mapping of keys, not \(Self.describe(node))", at: node,
                hint: "write keys under it, indented: \(allowed.joined(separator: ", "))")
            return ConfigurationSection(keyPath: keyPath, node: node, entries: [:])
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error("a key must be a plain word, not \(Self.describe(key))", at: key)
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                let place = keyPath.isEmpty ? "at the top level" : "in \(Self.quoted(keyPath))"
                let suggestion = Suggestion.hint(for: name, among: allowed)
                let list =
                    "\(keyPath.isEmpty ? "the file" : Self.quoted(keyPath)) takes: \(allowed.joined(separator: ", "))"
                error(
                    "unknown key \(Self.quoted(name)) \(place)", at: key,
                    hint: suggestion.map { "\($0) " + list } ?? list)
                continue
            }
            entries[name] = (key, value)
        }
        return ConfigurationSection(keyPath: keyPath, node: node, entries: entries)
    }

    /// Reports each required key that is absent (or has no value) at the mapping that should hold it.
    mutating func require(_ keys: [String], in section: ConfigurationSection, example: [String: String] = [:]) {
        for key in keys where section[key] == nil {
            let place = section.keyPath.isEmpty ? "the configuration" : Self.quoted(section.keyPath)
            error(
                "\(place) is missing \(Self.quoted(key))", at: section.node,
                hint: example[key].map { "add it, for example: \($0)" })
        }
    }

    // MARK: Values

    /// A scalar's text; lists and mappings are reported.
    mutating func text(_ node: Node, _ keyPath: String, expected: String = "text") -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(Self.quoted(keyPath)) must be \(expected), not \(Self.describe(node))", at: node)
            return nil
        }
        guard !Self.isNull(node) else {
            error("\(Self.quoted(keyPath)) has no value", at: node, hint: "write \(expected) after the colon")
            return nil
        }
        return scalar.string
    }

    mutating func integer(_ node: Node, _ keyPath: String, in range: ClosedRange<Int>) -> Int? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let text = text(node, keyPath, expected: expected) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            error("\(Self.quoted(keyPath)) must be \(expected), not \(Self.quoted(text))", at: node)
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, _ keyPath: String) -> Bool? {
        guard let text = text(node, keyPath, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("\(Self.quoted(keyPath)) must be true or false, not \(Self.quoted(text))", at: node)
            return nil
        }
    }

    /// One of a fixed set of words, with a suggestion for a near miss.
    mutating func choice(_ node: Node, _ keyPath: String, among choices: [String]) -> String? {
        let expected = "one of \(choices.joined(separator: ", "))"
        guard let text = text(node, keyPath, expected: expected) else { return nil }
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if choices.contains(word) { return word }
        let completion = choices.first { $0.hasPrefix(word) }.map { "did you mean '\($0)'?" }
        error(
            "\(Self.quoted(keyPath)) must be \(expected), not \(Self.quoted(text))", at: node,
            hint: Suggestion.hint(for: word, among: choices) ?? completion)
        return nil
    }

    /// `500ms`, `10s`, `5m`, `4h`, `1d` or a number of seconds: the grammar receivers and the rule language use.
    mutating func duration(_ node: Node, _ keyPath: String, positive: Bool = true) -> Duration? {
        guard let text = text(node, keyPath, expected: "a duration") else { return nil }
        // Delivery's duration grammar is reached through RateLimit's public parser, so both read durations alike.
        guard let duration = RateLimit(parsing: "1 per \(text.trimmingCharacters(in: .whitespaces))")?.interval,
            !text.contains(" ")
        else {
            error(
                "\(Self.quoted(keyPath)): \(Self.quoted(text)) is not a duration", at: node,
                hint: "write it like 500ms, 10s, 5m, 4h or 1d")
            return nil
        }
        if positive, duration <= .zero {
            error("\(Self.quoted(keyPath)) must be longer than 0s", at: node)
            return nil
        }
        return duration
    }

    /// An absolute http(s) URL with a host and no query or fragment, as base URLs and token endpoints must be.
    mutating func url(_ node: Node, _ keyPath: String) -> URL? {
        guard let text = text(node, keyPath, expected: "a URL") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.query == nil,
            url.fragment == nil
        else {
            error(
                "\(Self.quoted(keyPath)): \(Self.quoted(trimmed)) is not a usable URL", at: node,
                hint: "give an absolute http:// or https:// URL with a host and no query, such as "
                    + "https://webapi.example.com")
            return nil
        }
        return url
    }

    /// A list's items; a single scalar reads as a list of one, since `rules: rules/` means what it says.
    mutating func list(_ node: Node, _ keyPath: String) -> [Node] {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar where !Self.isNull(node): return [node]
        default:
            error("\(Self.quoted(keyPath)) must be a list, not \(Self.describe(node))", at: node)
            return []
        }
    }

    /// `{env: NAME}` or `{file: PATH}` (relative paths from the configuration's directory), or, where
    /// `literalRefusal` is nil, a plain string. The value of a refused literal is never repeated.
    mutating func secret(_ node: Node, _ keyPath: String, literalRefusal: String?) -> SecretValue? {
        let forms = "{env: VARIABLE} or {file: /path/to/file}"
        switch node {
        case .scalar where Self.isNull(node):
            error("\(Self.quoted(keyPath)) has no value", at: node, hint: "write \(forms)")
            return nil
        case .scalar(let scalar):
            if let literalRefusal {
                error(
                    "\(Self.quoted(keyPath)) is written in the configuration file: \(literalRefusal)", at: node,
                    hint: "remove it from the file and write \(forms)")
                return nil
            }
            return .literal(scalar.string)
        case .mapping:
            let section = section(node, keyPath: keyPath, allowed: ["env", "file"])
            let given = ["env", "file"].filter { section[$0] != nil }
            guard given.count == 1, let form = given.first, let value = section[form] else {
                error("\(Self.quoted(keyPath)) needs exactly one of 'env' or 'file'", at: node, hint: "write \(forms)")
                return nil
            }
            guard let text = text(value, "\(keyPath).\(form)") else { return nil }
            return form == "env" ? .environment(text) : .file(resolvePath(text))
        default:
            error("\(Self.quoted(keyPath)) must be \(forms), not \(Self.describe(node))", at: node)
            return nil
        }
    }

    // MARK: Describing nodes

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node { return scalar.style == .plain && node.null != nil }
        return false
    }

    /// What was written, in words, for "must be X, not Y".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): isNull(node) ? "an empty value" : quoted(scalar.string)
        }
    }

    static func quoted(_ text: String) -> String { "'\(text)'" }
}

/// The checked entries of one mapping, looked up by key.
struct ConfigurationSection {
    /// `status`, `receivers[1].grouping`; empty at the top level.
    let keyPath: String
    let node: Node?
    let entries: [String: (key: Node, value: Node)]

    /// The value written for `key`; nil when the key is absent or has no value.
    subscript(key: String) -> Node? {
        guard let value = entries[key]?.value, !ConfigurationReader.isNull(value) else { return nil }
        return value
    }

    /// The key as written, for messages about the key rather than its value.
    func keyNode(_ key: String) -> Node? { entries[key]?.key }

    func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }
}
