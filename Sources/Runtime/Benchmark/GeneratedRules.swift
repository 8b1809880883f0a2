/// Rule sets of any size for the benchmarks, built so that the number of rules that apply to one event stays the
/// same however many rules there are: rule `i` selects partition `(i / 10) % (count / 10)` (an account group for margin
/// rules, a symbol for trade and tick rules), and the workload uses as many groups and symbols as there are
/// partitions (up to 100 groups and 200 symbols). Six in ten rules watch margins, two trades, two ticks, so each
/// margin event meets six rules' conditions, each trade opened two, each tick two.
public enum GeneratedRules {
    /// How rules select their events.
    public enum Layout: String, Sendable, CaseIterable {
        /// Each block of ten rules selects its own group or symbol: the rules applying to an event stay the same at
        /// every size.
        case blocks
        /// Every rule selects every group (`group matches "g*"`) or symbol: an event meets all the rules of its stream,
        /// as a desk's tiered thresholds over all real groups would. The rules that hold still stay few.
        case shared
    }

    public static func partitions(forRules count: Int) -> Int { max(1, count / 10) }

    public static func source(count: Int, layout: Layout = .blocks) -> String {
        let partitions = partitions(forRules: count)
        var text = "# \(count) generated rules (mtrules bench)\n"
        text.reserveCapacity(count * 200)
        for index in 0..<count {
            // Each block of ten consecutive rules (six margin, two trade, two tick) shares one partition.
            let slot = (index / 10) % partitions
            let group = layout == .shared ? "matches \"g*\"" : "== \"\(EngineWorkload.groupName(slot))\""
            let symbol = layout == .shared ? "matches \"S*\"" : "== \"\(EngineWorkload.symbolName(slot))\""
            switch index % 10 {
            case 0..<6:
                text += """
                    rule gen_\(index) {
                      on margin
                      where group \(group)
                      when level < \(40 + index % 60)%
                      clear when level >= \(60 + index % 60)%
                      by login
                      severity warning
                      log "gen_\(index): {login} at {level:.1f}%"
                    }

                    """
            case 6, 7:
                text += """
                    rule gen_\(index) {
                      on trade opened
                      where symbol \(symbol)
                      when volumeLots >= \(1 + index % 5)
                      log "gen_\(index): #{order} {volumeLots} lots"
                    }

                    """
            default:
                text += """
                    rule gen_\(index) {
                      on tick
                      where symbol \(symbol)
                      when spread > \(Double(3 + index % 5) / 10_000)
                      by symbol
                      log "gen_\(index): {symbol} spread {spread}"
                    }

                    """
            }
        }
        return text
    }
}
