/// Where in a configuration file something was written, so every message can point at it as `file:line:col`.
public struct ConfigurationLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 when the message is about the file as a whole (a default that applies because a key is absent).
    public var line: Int
    /// 1-based, counted in Unicode scalars as libyaml counts them.
    public var column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `mtrules.yaml:12:5`, or just the path for the file as a whole.
    public var description: String { line > 0 ? "\(path):\(line):\(column)" : path }
}
