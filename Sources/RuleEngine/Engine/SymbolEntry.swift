import RuleLanguage

/// Everything the engine keeps for one instrument (a platform's symbol), found with one lookup per tick, trade or
/// symbol event: its latest quote and settings, the alert key of rules keyed `by symbol`, and the candidate lists its
/// events met.
///
/// Why one entry: a tick used to hash its symbol four times (the quotes, the candidate cache, the alert key, the
/// settings for `symbol.…`), each a dictionary lookup that cost more than the tick's rules' comparisons.
final class SymbolEntry: KeyTableEntry {
    /// The platform and symbol, as the alert key of a rule keyed `by symbol` (see `RuleEngine.prepareEventKey`).
    let entity: EntityKey
    var quote: Record?
    var settings: Record?
    /// The candidate lists events of this symbol met, by stream and kind (see `RuleEngine.candidates(for:)`).
    private var candidates: [(stream: TradingStream, kind: String, stamp: Int)] = []

    /// - Parameter entity: the platform and the symbol, as `EntityKey(platform:first: .string(symbol))`.
    init(entity: EntityKey) {
        self.entity = entity
    }

    var platform: String { entity.platform }

    var symbol: String {
        if case .string(let symbol) = entity.first { return symbol }
        return ""
    }

    /// The stamp noted for events of `stream` and `kind`, if any.
    func candidateStamp(stream: TradingStream, kind: String) -> Int? {
        candidateIndex(stream: stream, kind: kind).map { candidates[$0].stamp }
    }

    func noteCandidates(_ stamp: Int, stream: TradingStream, kind: String) {
        if let index = candidateIndex(stream: stream, kind: kind) {
            candidates[index].stamp = stamp
        } else {
            candidates.append((stream, kind, stamp))
        }
    }

    private func candidateIndex(stream: TradingStream, kind: String) -> Int? {
        candidates.firstIndex { $0.stream == stream && $0.kind == kind }
    }
}
