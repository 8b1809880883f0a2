extension RuleEngine {
    /// Takes in state read through REST (symbol settings at a resync) as related data only: `symbol.contractSize`
    /// is known to trade rules from the start, and no `on symbol` rule sees a change that did not happen. The clock
    /// does not move: seeding is not an event.
    public func seed(_ event: TradingEvent) {
        related.update(with: event)
    }
}
