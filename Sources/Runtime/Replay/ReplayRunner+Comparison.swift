import RuleEngine
import RuleLanguage

extension ReplayRunner {
    /// Replays the recording once through both rule sets and compares what they did.
    public func compare(
        _ a: CompiledRuleSet, _ b: CompiledRuleSet, path: String, progress: (ReplayProgress) -> Void = { _ in }
    ) throws(RecordingError) -> (comparison: ReplayComparison, a: ReplayResult, b: ReplayResult) {
        let results = try run([a, b], path: path, progress: progress)
        return (ReplayComparison(a: results[0], b: results[1]), results[0], results[1])
    }
}
