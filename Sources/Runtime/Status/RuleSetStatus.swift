import AlertModel

/// The rule set in force, and the latest reload that was refused (the previous rules stayed in force).
public struct RuleSetStatus: Sendable, Hashable, Codable {
    public var hash: String
    public var rules: [String]
    public var loadedAt: Timestamp
    public var lastReloadError: ReloadError?

    /// A refused reload: when, and the compiler's diagnostics (`file:line:col: error: …`).
    public struct ReloadError: Sendable, Hashable, Codable {
        public var at: Timestamp
        public var diagnostics: [String]

        public init(at: Timestamp, diagnostics: [String]) {
            self.at = at
            self.diagnostics = diagnostics
        }
    }

    public init(hash: String, rules: [String], loadedAt: Timestamp, lastReloadError: ReloadError? = nil) {
        self.hash = hash
        self.rules = rules
        self.loadedAt = loadedAt
        self.lastReloadError = lastReloadError
    }
}
