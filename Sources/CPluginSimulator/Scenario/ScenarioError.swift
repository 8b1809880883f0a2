/// A problem in a scenario file, reported the way compilers do: `file:line:col: error: message`.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based line and column of the offending word (just past the line's end for something missing).
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(path):\(line):\(column): error: \(message)"
    }
}
