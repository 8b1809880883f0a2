import RuleEngine
import RuleLanguage

/// Compiling the rule files as the service does, at startup and on every reload: the rule set when there is no
/// error, else every error as one `path:line:col: error: message (hint)` line, for the log and the status page.
enum RuleCompilation {
    static func compile(_ paths: [String]) -> Result<CompiledRuleSet, Errors> {
        let (result, loadErrors) = RuleLoader.compile(paths: paths)
        let errors =
            loadErrors.map(\.description)
            + result.diagnostics.filter(\.isError).map {
                "\($0.path):\($0.location): error: \($0.message)" + ($0.hint.map { " (\($0))" } ?? "")
            }
        guard errors.isEmpty, let ruleSet = result.ruleSet else { return .failure(Errors(lines: errors)) }
        return .success(ruleSet)
    }

    struct Errors: Error {
        let lines: [String]
    }
}
