import AlertModel
import AlertStore
import Logging
import RuleEngine
import RuleLanguage

/// Builds the engine a service starts with: from the state the store saved (the last full snapshot plus the alert
/// states saved with every commit since), or fresh when there is none. A saved state that cannot be read is
/// reported and set aside, never a reason not to start: alerting matters more than memory.
enum EngineStartup {
    static func restore(
        ruleSet: CompiledRuleSet, store: AlertStore, now: Timestamp, logger: Logger
    ) throws -> (engine: RuleEngine, output: EngineOutput) {
        let saved = try store.loadEngineState()
        guard saved.snapshot != nil || !saved.keys.isEmpty else {
            logger.info("no saved engine state: starting fresh")
            return (RuleEngine(ruleSet: ruleSet, startingAt: now), EngineOutput())
        }
        var snapshot: EngineSnapshot?
        if let data = saved.snapshot {
            do {
                snapshot = try EngineSnapshot(data: data)
            } catch {
                logger.error(
                    "the saved engine snapshot cannot be read; starting without it (alert states in the store are kept)",
                    metadata: ["error": "\(error)"])
            }
        }
        var overlay: [KeyStateSnapshot] = []
        var unreadable = 0
        for data in saved.keys {
            if let key = try? KeyStateSnapshot(data: data) { overlay.append(key) } else { unreadable += 1 }
        }
        if unreadable > 0 {
            logger.error("\(unreadable) saved alert states cannot be read; those alerts start over")
        }
        let (engine, report, output) = RuleEngine.restoring(ruleSet: ruleSet, snapshot: snapshot, overlay: overlay)
        // Timers that came due while the service was down fire at its first tick, stamped with their own times.
        logger.notice("engine state restored: \(report)")
        return (engine, output)
    }
}
