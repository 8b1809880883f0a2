/// An open market order (cmd 0 buy or 1 sell). Its `profit` is the floating profit in USD at the last valuation.
struct MarketPosition: Sendable {
    var order: Int
    /// Index into the model's simulated symbols.
    var symbol: Int
    var cmd: Int
    var lots: Double
    var openPrice: Double
    /// Unix seconds.
    var openTime: Double
    var commission: Double
    var storage: Double
    var comment: String
    var profit: Double = 0
}
