import AlertModel

/// What became of saved state when an engine was restored or reloaded, for the log: which rules kept what, and why
/// anything was dropped.
public struct RestoreReport: Sendable, CustomStringConvertible {
    /// Same name and fingerprint: statuses, memory and flood limiter carried over.
    public var unchangedRules: [String] = []
    /// Changed, but on the same stream with the same `by` names: statuses carried over (a firing alert does not
    /// fire again), memory starts fresh.
    public var statusOnlyRules: [String] = []
    /// Changed past that: the rule starts fresh and its old alerts end.
    public var restartedRules: [String] = []
    /// Not in the saved state.
    public var newRules: [String] = []
    /// In the saved state but no longer in the rule set: their alerts end.
    public var removedRules: [String] = []
    /// Alert keys the new engine holds from the saved state.
    public var restoredKeys = 0
    /// Keys saved on their own (`takeChangedKeys()`) that replaced the full snapshot's version.
    public var overlayKeysApplied = 0
    /// Alerts that were pending or firing and ended because their rule was removed or changed past matching; the
    /// transitions are in the accompanying output.
    public var endedAlerts: [AlertKey] = []
    /// Saved state that could not be used, each saying what and why.
    public var problems: [String] = []

    public var description: String {
        var parts: [String] = ["\(restoredKeys) alert keys restored"]
        if overlayKeysApplied > 0 { parts.append("\(overlayKeysApplied) from key saves newer than the snapshot") }
        func list(_ names: [String], _ what: String) {
            if !names.isEmpty { parts.append("\(what): \(names.joined(separator: ", "))") }
        }
        list(unchangedRules, "unchanged rules")
        list(statusOnlyRules, "changed rules keeping alert states with fresh memory")
        list(restartedRules, "changed rules starting fresh")
        list(newRules, "new rules")
        list(removedRules, "removed rules")
        if !endedAlerts.isEmpty { parts.append("\(endedAlerts.count) alerts ended") }
        parts += problems
        return parts.joined(separator: "; ")
    }
}

/// A reload reports the same things as a restore.
public typealias ReloadReport = RestoreReport
