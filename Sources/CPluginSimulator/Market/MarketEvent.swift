import CPluginClient

/// Something that happened on a simulated platform, in the payload shapes the hubs send.
public enum MarketEvent: Sendable, Hashable {
    case tick(TickPayload)
    case margin(MarginCallPayload)
    case trade(TradeUpdatePayload)
    case user(UserUpdatePayload)
    case symbol(SymbolUpdatePayload)
    /// The platform's data pump went up or down (`OnConnectionStatus`).
    case connection(Bool)
}
