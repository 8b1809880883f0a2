import Foundation

/// One thing a scenario makes happen, or a test or the server's `/sim` endpoints apply at once through
/// `MarketModel.apply(_:)`. Actions with a duration start now and carry on as the model advances.
public enum ScenarioAction: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable {
        case buy, sell
    }

    /// Moves a symbol's mid price by `change` (a fraction: −0.03 is −3 %) in a straight line over `duration`
    /// seconds, on top of its random walk. Quotes tick every step while it moves, as in a fast market.
    case move(symbol: String, change: Double, duration: TimeInterval)
    /// Moves a symbol's mid price to `price` in a straight line over `duration` seconds.
    case moveTo(symbol: String, price: Double, duration: TimeInterval)
    /// The account opens a market order at the current quote (ask for buy, bid for sell). Refused, as MT4 refuses
    /// it, when the account's free margin would go negative.
    case open(login: Int, side: Side, lots: Double, symbol: String)
    /// The account closes its positions in `symbol` (every position when nil) at the current quote.
    case close(login: Int, symbol: String?)
    /// The symbol's quotes stop: no ticks, and positions are valued at the last quote, until `resumeQuotes`.
    case stopQuotes(symbol: String)
    case resumeQuotes(symbol: String)
    /// A balance operation (cmd 6) adding `amount`.
    case deposit(login: Int, amount: Double)
    /// A balance operation (cmd 6) taking `amount`; refused when it exceeds the free margin.
    case withdraw(login: Int, amount: Double)
    /// A credit operation (cmd 7) of `amount` (negative takes credit back).
    case credit(login: Int, amount: Double)
    /// The account opens `trades` small orders in `symbol`, evenly spread over `duration` (a robot running away);
    /// each closes a minute or more later.
    case burst(login: Int, trades: Int, symbol: String, duration: TimeInterval)
    /// The account scalps: `trades` orders evenly spread over `duration`, each opened in the direction the price
    /// moved over the last 3 s and closed as soon as it shows a profit (after at least 1 s), or after 55 s at
    /// whatever it shows. Profits come from the market: give the symbol a trend (`move`) if every trade must win.
    case scalp(login: Int, trades: Int, symbol: String, duration: TimeInterval)
    /// The symbol's spread is multiplied by `factor` (1 or more) for `duration` seconds; quoting thins to half the
    /// rate meanwhile, as when liquidity providers pull back.
    case widenSpread(symbol: String, factor: Double, duration: TimeInterval)
    /// The platform's data pump goes down (`connection(false)`), and back up after `duration` if given. While it is
    /// down the market carries on but no event is sent; on reconnect every symbol's quote and every account's
    /// margin state are sent again, and trade and user events from the outage are lost, as with a real outage
    /// (clients resync over REST).
    case pumpDown(duration: TimeInterval?)
    case pumpUp
}
