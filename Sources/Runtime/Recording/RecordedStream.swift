/// Which hub feed a recorded payload came from; it decides the payload's type when the line is replayed.
public enum RecordedStream: String, Sendable, Hashable, CaseIterable, Codable {
    /// `StreamMarginCallUpdates`: `MarginCallPayload`.
    case margin
    /// `StreamTrades`: `TradeUpdatePayload`.
    case trade
    /// `StreamTicks`: `TickPayload` (or the v1 hub's `LegacyTickPayload`, source `legacy`).
    case tick
    /// `StreamUserUpdates`: `UserUpdatePayload`.
    case user
    /// `StreamSymbolUpdates`: `SymbolUpdatePayload`.
    case symbol
    /// `OnConnectionStatus`: `ConnectionStatusPayload` (`{"connected":true}`).
    case pump
}

/// Where a recorded payload came from, so replay reads it the way the live service did.
public enum RecordedSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// The hub's JSON, verbatim.
    case hub
    /// A REST result converted to the hub's shape (the margin resync on every (re)connection).
    case resync
    /// The v1 hub's `onTick` payload (`{"Symbol":…,"Bid":…,"Ask":…}`), verbatim.
    case legacy
}
