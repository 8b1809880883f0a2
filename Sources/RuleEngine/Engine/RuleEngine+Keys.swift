import RuleLanguage

/// The event's alert key for each rule: built once per event for all rules keyed the same way, or taken from the
/// instrument's entry for rules keyed by symbol.
extension RuleEngine {
    /// Makes `cachedKey` the key of the event in `frame` for `runtime`, built once per event for all rules with the
    /// same key expressions (a tick's symbol key serves every tick rule keyed by symbol).
    ///
    /// It stays in `cachedKey`, where lookups read it in place: returning it copied its strings and parts, three
    /// reference counts up and three down for every rule evaluated.
    func prepareEventKey(_ runtime: RuleRuntime, platform: String) {
        if cachedKey.serial == eventSerial, cachedKey.signature == runtime.keySignature { return }
        cachedKey = (eventSerial, runtime.keySignature, runtime.entityKey(frame, platform: platform))
    }

    /// The state `runtime` has for the event's key, if any. A key `by symbol` is the instrument's own
    /// (`SymbolEntry.entity`), read there; others are built once per event (see `prepareEventKey`).
    func stateForEventKey(_ runtime: RuleRuntime, platform: String) -> KeyState? {
        if runtime.keysBySymbol, let symbol = related.lastSymbol { return runtime.keys[symbol.entity] }
        prepareEventKey(runtime, platform: platform)
        return runtime.keys[cachedKey.key]
    }

    /// The event's key for `runtime`, copied for a new alert.
    func eventKey(_ runtime: RuleRuntime, platform: String) -> EntityKey {
        if runtime.keysBySymbol, let symbol = related.lastSymbol { return symbol.entity }
        prepareEventKey(runtime, platform: platform)
        return cachedKey.key
    }
}
