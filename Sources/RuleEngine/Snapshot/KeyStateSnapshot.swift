import AlertModel
import Foundation

/// Everything the engine keeps for one alert key, saved: its status, memory and last event. Timers are not saved;
/// a restored engine recomputes them from the status and memory.
///
/// Each one names its rule and the rule's fingerprint, so it can be stored on its own (`takeChangedKeys()`, filed
/// under `key.storageKey`) and applied over an older full snapshot.
public struct KeyStateSnapshot: Codable, Sendable {
    public var rule: String
    public var fingerprint: String
    /// The rule's stream and severity, so an alert of a rule since changed or removed can still be matched or ended.
    public var stream: String
    public var severity: Severity
    /// The engine's clock when this was taken: of two saves of one key, the later clock wins.
    public var clock: Int64
    public var platform: String
    public var parts: [KeyPartSnapshot]
    /// The alert's public key; `key.storageKey` is what the store files it under.
    public var key: AlertKey
    /// The order the engine first saw the key in, which orders `alerts`.
    public var creation: Int
    public var status: AlertStatus
    public var memory: KeyMemorySnapshot
    public var lastRecord: RecordSnapshot
    /// The account, symbol and quote the key's last event saw, by namespace slot.
    public var lastRelated: [RecordSnapshot?]
    /// The rule's flood limiter, in a key saved on its own (a full snapshot keeps it per rule).
    public var limiter: FloodLimiterSnapshot?

    var entity: EntityKey {
        var entity = EntityKey(platform: platform)
        for (position, part) in parts.prefix(3).enumerated() { entity[position] = part.part }
        return entity
    }
}

extension KeyStateSnapshot {
    /// JSON, in the same form as `EngineSnapshot.encoded()`, for storing one key's state on its own.
    public func encoded() throws(EngineSnapshotError) -> Data {
        do {
            return try EngineSnapshot.encoder.encode(self)
        } catch {
            throw .cannotEncode(reason: "\(error)")
        }
    }

    /// Reads what `encoded()` wrote.
    public init(data: Data) throws(EngineSnapshotError) {
        self = try EngineSnapshot.decode(KeyStateSnapshot.self, from: data, what: "alert key state")
    }
}
