import Foundation
import RuleEngine
import RuleLanguage

/// What a restart does to an engine: its state saved as JSON, the process gone, a new engine restored from the bytes.
func restarted(
    _ engine: RuleEngine, ruleSet: CompiledRuleSet, overlay: [KeyStateSnapshot] = []
) throws -> RuleEngine {
    try restored(from: engine.snapshot(), ruleSet: ruleSet, overlay: overlay)
}

/// A restore from a snapshot taken earlier plus key saves, each through its JSON bytes as the store keeps them.
func restored(
    from snapshot: EngineSnapshot?, ruleSet: CompiledRuleSet, overlay: [KeyStateSnapshot] = []
) throws -> RuleEngine {
    let decoded = try snapshot.map { try EngineSnapshot(data: try $0.encoded()) }
    let keys = try overlay.map { try KeyStateSnapshot(data: try $0.encoded()) }
    return RuleEngine.restoring(ruleSet: ruleSet, snapshot: decoded, overlay: keys).engine
}
