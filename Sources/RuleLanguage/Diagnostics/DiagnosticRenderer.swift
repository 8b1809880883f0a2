/// Prints diagnostics the way compilers do: `file:line:col: error: message`, the source line, a caret under the
/// offending text, and a hint line when there is one.
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        let label = diagnostic.severity == .error ? paint("error", "31;1") : paint("warning", "35;1")
        var out = "\(diagnostic.path):\(diagnostic.location.line):\(diagnostic.location.column): \(label): "
        out += paint(diagnostic.message, "1") + "\n"
        if let source {
            let lineText = source.line(diagnostic.location.line).replacingTabs()
            let lineEnd = source.location(of: diagnostic.range.end)
            let width: Int
            if lineEnd.line == diagnostic.location.line {
                width = max(1, lineEnd.column - diagnostic.location.column)
            } else {
                width = max(1, lineText.count - diagnostic.location.column + 1)
            }
            out += "    " + lineText + "\n"
            out += "    " + String(repeating: " ", count: diagnostic.location.column - 1)
            out += paint("^" + String(repeating: "~", count: width - 1), "32;1") + "\n"
        }
        if let hint = diagnostic.hint {
            out += "    " + paint("hint:", "36") + " " + hint + "\n"
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Tabs become single spaces so the caret lines up with the column count.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
