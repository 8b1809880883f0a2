import AlertModel
import RuleEngine
import RuleLanguage
import Testing

/// The engine finds an instrument once per tick, trade or symbol event and takes its quote, settings, candidate
/// lists and `by symbol` key from there; what rules see must be what separate lookups gave.
@Suite("Instruments")
struct SymbolEntryTests {
    @Test("the same symbol on two platforms keeps its own settings and quote")
    func symbolsArePerPlatform() throws {
        let ruleSet = try compileRules(
            """
            rule notional {
              on trade opened
              when volume > 0
              log "{symbol} {symbol.contractSize} {quote.bid}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        for (platform, size, bid) in [("MT4-A", 100_000.0, 1.1), ("MT4-B", 1_000.0, 1.2)] {
            engine.process(
                try event(
                    .symbol, "added", at: 0, platform: platform,
                    ["symbol": .string("EURUSD"), "contractSize": .number(size)]))
            engine.process(
                try event(
                    .tick, at: 0, platform: platform,
                    ["symbol": .string("EURUSD"), "bid": .number(bid), "ask": .number(bid + 0.0001)]))
        }
        var texts: [String] = []
        for platform in ["MT4-B", "MT4-A", "MT4-C"] {
            texts +=
                engine.process(
                    try event(
                        .trade, "opened", at: 1, platform: platform,
                        ["symbol": .string("EURUSD"), "login": .number(7), "volumeLots": .number(1)])
                ).texts
        }
        #expect(texts == ["log: EURUSD 1000 1.2", "log: EURUSD 100000 1.1", "log: EURUSD n/a n/a"])
    }

    /// A rule logging `message` for every trade opened, and an engine running it.
    private func tradeProbe(_ message: String) throws -> (RuleEngine, CompiledRuleSet) {
        let ruleSet = try compileRules(
            """
            rule probe {
              on trade opened
              when volume > 0
              log "\(message)"
            }
            """)
        return (RuleEngine(ruleSet: ruleSet, startingAt: epoch), ruleSet)
    }

    /// Gives the engine an instrument's settings (its digits) and a quote.
    private func announce(_ symbol: String, digits: Double, bid: Double, ask: Double, to engine: RuleEngine) throws {
        engine.process(try event(.symbol, "added", at: 0, ["symbol": .string(symbol), "digits": .number(digits)]))
        engine.process(try event(.tick, at: 0, ["symbol": .string(symbol), "bid": .number(bid), "ask": .number(ask)]))
    }

    @Test("a deleted symbol's settings are gone, its last quote stays")
    func deletedSymbolForgetsSettings() throws {
        let (engine, _) = try tradeProbe("{symbol.digits} {quote.bid}")
        try announce("XAUUSD", digits: 2, bid: 2000, ask: 2001, to: engine)
        let trade = try event(.trade, "opened", at: 1, ["symbol": .string("XAUUSD"), "volumeLots": .number(1)])
        #expect(engine.process(trade).texts == ["log: 2 2000"])
        engine.process(try event(.symbol, "deleted", at: 2, ["symbol": .string("XAUUSD")]))
        #expect(engine.process(trade).texts == ["log: n/a 2000"])
    }

    @Test("events of one symbol meet the rules of their own stream and kind")
    func candidatesPerStreamAndKind() throws {
        let ruleSet = try compileRules(
            """
            rule opened {
              on trade opened
              where symbol == "EURUSD"
              when volume > 0
              log "opened {order}"
            }
            rule closed {
              on trade closed
              where symbol == "EURUSD"
              when volume > 0
              log "closed {order}"
            }
            rule tick {
              on tick
              where symbol == "EURUSD"
              when bid == 1 or bid == 3
              log "tick {bid}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        var texts: [String] = []
        for (index, kind) in ["opened", "closed", "opened", "closed"].enumerated() {
            texts +=
                engine.process(
                    try event(
                        .trade, kind, at: Double(index),
                        ["symbol": .string("EURUSD"), "order": .number(Double(index)), "volumeLots": .number(1)])
                ).texts
            texts +=
                engine.process(
                    try event(
                        .tick, at: Double(index), ["symbol": .string("EURUSD"), "bid": .number(Double(index + 1))])
                ).texts
        }
        texts +=
            engine.process(
                try event(
                    .trade, "opened", at: 5,
                    ["symbol": .string("GBPUSD"), "order": .number(9), "volumeLots": .number(1)])
            ).texts
        // The tick rule fires at 1, clears at 2 (so it saw that tick) and fires again at 3.
        #expect(
            texts == [
                "log: opened 0", "log: tick 1", "log: closed 1", "log: opened 2", "log: tick 3", "log: closed 3",
            ])
    }

    @Test("an alert keyed by symbol is the same alert whether its key comes from the instrument or from the fields")
    func symbolKeyMatchesFieldKey() throws {
        let ruleSet = try compileRules(
            """
            rule wide {
              on tick
              when spread > 0.001
              clear when spread <= 0.0005
              by symbol
              log "{symbol} wide"
            }
            rule wide_pair {
              on tick
              when spread > 0.001
              clear when spread <= 0.0005
              by symbol, platform
              log "{symbol} wide on {platform}"
            }
            """)
        let engine = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        func tick(_ symbol: String, spread: Double, at seconds: Double, platform: String = "MT4") throws -> TradingEvent
        {
            try event(
                .tick, at: seconds, platform: platform,
                ["symbol": .string(symbol), "bid": .number(1), "ask": .number(1 + spread)])
        }
        #expect(engine.process(try tick("EURUSD", spread: 0.002, at: 0)).transitionSummary.count == 2)
        #expect(engine.process(try tick("EURUSD", spread: 0.002, at: 1, platform: "MT5")).transitionSummary.count == 2)
        // Still firing: the same alerts, no new transitions.
        #expect(engine.process(try tick("EURUSD", spread: 0.003, at: 2)).transitionSummary.isEmpty)
        // A restart builds keys from saved labels; the next tick must find them.
        let restored = try restarted(engine, ruleSet: ruleSet)
        #expect(
            restored.process(try tick("EURUSD", spread: 0.0001, at: 3)).transitionSummary == [
                "wide[EURUSD] firing->resolved", "wide_pair[EURUSD,MT4] firing->resolved",
            ])
        #expect(restored.alerts.filter { $0.status.state == .firing }.map(\.key.platform) == ["MT5", "MT5"])
    }

    @Test("quotes and settings survive a restart")
    func instrumentsSurviveRestart() throws {
        let (engine, ruleSet) = try tradeProbe("{symbol.digits} {quote.ask}")
        try announce("USDJPY", digits: 3, bid: 150, ask: 150.01, to: engine)
        let restored = try restarted(engine, ruleSet: ruleSet)
        let output = restored.process(
            try event(.trade, "opened", at: 1, ["symbol": .string("USDJPY"), "volumeLots": .number(1)]))
        #expect(output.texts == ["log: 3 150.01"])
    }
}
