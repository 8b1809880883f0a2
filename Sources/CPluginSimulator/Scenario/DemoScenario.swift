/// The default demo: within its first minute it makes every situation the starter rules in `rules/*.rules` watch
/// for happen for real reasons (prices, positions, balances), so `mtrules simulate` with no scenario file shows them
/// all firing. Accounts are scripted so the outcome does not depend on the seed beyond market noise.
public enum DemoScenario {
    public static let path = "demo.scenario"

    public static let text = """
        # mtrules demo scenario: trips every starter rule within the first minute.

        account 1002 group real-std balance 12450 leverage 100 name "Margin Call Demo"
        account 1003 group real-std balance 5000 name "Big Depositor"
        account 1004 group real-ecn balance 60000 leverage 200 name "Withdrawing Client"
        account 1005 group vip-pro balance 500000 leverage 100 name "Gold Whale"
        account 1007 group real-std balance 50000 leverage 100 name "Runaway Robot"
        account 1008 group real-ecn balance 20000 leverage 200 name "Latency Scalper"

        # Margin call and equity drawdown: 1002 is long 3 lots of EURUSD when EURUSD falls 3 %. Its margin level goes
        # from about 380 % to about 85 % (below the 100 % margin call, above the 50 % stop out) and stays there, and
        # its equity loses about 80 %. Leveraged clients long EURUSD may be stopped out on the way.
        at 1s open 1002 buy 3 EURUSD
        at 5s move EURUSD -3% over 10s

        # Large trade: 60 lots of gold (6,000 oz, about 12 M USD), closed two seconds later.
        at 10s open 1005 buy 60 XAUUSD
        at 12s close 1005 XAUUSD

        # Trade burst: 25 orders in 30 s from one login.
        at 16s burst 1007 25 trades EURUSD over 30s

        # Scalping: GBPUSD trends up 0.5 % over 40 s; 1008 follows the trend and takes each profit within seconds.
        at 20s move GBPUSD +0.5% over 40s
        at 23s scalp 1008 6 trades GBPUSD over 30s

        # Stale quotes: no USDCHF tick for 35 s.
        at 20s stop quotes USDCHF
        at 55s resume quotes USDCHF

        # Funds: a large deposit and a large withdrawal.
        at 30s deposit 1003 75000
        at 40s withdraw 1004 25000

        # Spread widening: USDJPY quotes ten times its usual spread for 20 s, well above three times its average
        # since the start (the rule's 10-minute average includes the wide quotes, which quote at half the rate).
        at 35s widen spread USDJPY x10 for 20s

        # The data pump drops for 5 s (OnConnectionStatus false, then true).
        at 62s pump down for 5s
        """

    /// The demo, parsed (a test keeps it parsing).
    public static var scenario: Scenario {
        get throws(ScenarioError) { try ScenarioParser.parse(text, path: path) }
    }
}
