import Foundation

/// One alert key's engine state, saved with the output that changed it. The store keeps it as opaque bytes (the
/// engine's JSON): it files them, it does not read them.
public struct EngineKeyRecord: Sendable, Hashable {
    /// `AlertKey.storageKey` of the alert: a later save of the same key replaces this one.
    public var storageKey: String
    public var rule: String
    public var data: Data

    public init(storageKey: String, rule: String, data: Data) {
        self.storageKey = storageKey
        self.rule = rule
        self.data = data
    }
}
