import AlertModel
import Foundation

/// What the store holds of the engine's state: the latest full snapshot, and the alert keys saved since (each newer
/// than the snapshot). Restore the snapshot, then apply the keys over it.
public struct SavedEngineState: Sendable, Hashable {
    /// Nil when no snapshot was ever saved.
    public var snapshot: Data?
    public var savedAt: Timestamp?
    /// The rule set the snapshot was taken with, for the log.
    public var ruleSetHash: String?
    /// In the order they were saved.
    public var keys: [Data]

    public init(snapshot: Data?, savedAt: Timestamp?, ruleSetHash: String?, keys: [Data]) {
        self.snapshot = snapshot
        self.savedAt = savedAt
        self.ruleSetHash = ruleSetHash
        self.keys = keys
    }

    public var isEmpty: Bool { snapshot == nil && keys.isEmpty }
}
