import CPluginClient
import Foundation

/// A simulated MT4 platform's market and accounts: seeded random-walk prices with realistic spreads, accounts in
/// real, VIP and demo groups whose equity, margin and margin level follow their positions, simulated clients who
/// trade, and a scenario of scripted events. It produces the events the CPlugin hubs stream and the state the REST
/// calls read.
///
/// Time is simulated: `advance(to:)` runs fixed steps of `configuration.step` (100 ms by default) up to the target,
/// and every event of a step carries that step's time. Nothing reads the wall clock or the global random generator.
///
/// Determinism: the events depend only on the configuration (seed included), the scenario, and which `apply(_:)`
/// calls were made at which step. How the advancing is sliced does not matter: `advance(to: t1)` then
/// `advance(to: t2)` gives exactly the events of a single `advance(to: t2)`. Dictionaries are only looked up, never
/// iterated, and numbers come from `+ − × ÷ sqrt` alone, so runs match across processes and platforms.
///
/// Single-threaded and not `Sendable`: keep it inside one actor or lock.
public final class MarketModel {
    /// A scenario or applied action the market refused (unknown login, not enough money, …), kept for diagnostics.
    public struct Rejection: Sendable, Hashable {
        public var time: Date
        public var action: ScenarioAction
        public var reason: String
    }

    /// How a symbol's profit currency converts to USD: not at all, by a simulated symbol's mid (times or divided
    /// by), or at a fixed reference rate when the symbol that would give it is not simulated.
    enum Conversion: Sendable {
        case usd
        case multiply(Int)
        case divide(Int)
        case fixed(Double)
    }

    public let configuration: MarketConfiguration
    public let scenario: Scenario
    public let groups: [GroupSettings] = GroupSettings.catalog

    let stepLength: Double
    let startSeconds: Double
    let stepsPerSecond: Int
    var currentStep = 0

    var symbolStates: [SymbolState] = []
    var symbolLookup: [String: Int] = [:]
    var conversions: [Conversion] = []
    /// USD value of one unit of each symbol's profit currency, at the last published quotes.
    var quoteToUSD: [Double] = []
    /// For each symbol, the symbols whose conversion uses its price.
    var conversionDependents: [[Int]] = []
    /// For each symbol, the symbols whose valuation its price changes (itself and its conversion dependents).
    var valuationDependents: [[Int]] = []
    /// For each symbol, the accounts with a position in it (in the order they opened one).
    var holders: [[Int]] = []

    var accounts: [MarketAccount] = []
    var accountLookup: [Int: Int] = [:]
    var tasks = TaskQueue()
    var nextEntry = 0
    var nextOrder = 41_000_001
    /// Open order → account index.
    var openOrders: [Int: Int] = [:]
    /// Recently closed orders and balance operations, as last sent; `closedRing` remembers which to forget first.
    var closedTrades: [Int: TradeUpdatePayload] = [:]
    var closedRing: [Int] = []
    var closedRingHead = 0

    /// Accounts to revalue at the end of the step, one bit each, so settling visits them in login order without
    /// sorting.
    var dirtyBits: [UInt64] = []
    var anyDirty = false
    var output: [MarketEvent] = []
    var pumpGeneration = 0

    /// Whether the platform's data pump is up (events flow). `pumpDown` actions take it down.
    public private(set) var isPumpConnected = true
    /// Refused actions, latest last (at most 1000).
    public private(set) var rejections: [Rejection] = []

    public init(configuration: MarketConfiguration = MarketConfiguration(), scenario: Scenario? = nil) {
        self.configuration = configuration
        self.scenario = scenario ?? .empty
        let step = configuration.step
        stepLength = step.isFinite && step >= 0.001 ? step : 0.1
        startSeconds = configuration.start.timeIntervalSince1970
        stepsPerSecond = max(1, Int((1 / stepLength).rounded()))
        buildSymbols()
        buildAccounts()
    }

    /// The simulated time: the start plus the steps run so far.
    public var now: Date { Date(timeIntervalSince1970: nowSeconds) }

    var nowSeconds: Double { startSeconds + Double(currentStep) * stepLength }

    /// Runs every step whose time is at or before `target` and returns their events in order. A target in the past
    /// returns nothing.
    public func advance(to target: Date) -> [MarketEvent] {
        let offset = target.timeIntervalSince1970 - startSeconds
        guard offset.isFinite else { return [] }
        let last = (offset / stepLength + 1e-6).rounded(.down)
        guard last > Double(currentStep) else { return [] }
        let lastStep = last < Double(Int.max / 2) ? Int(last) : Int.max / 2
        while currentStep < lastStep {
            currentStep += 1
            runStep()
        }
        return takeOutput()
    }

    /// Applies an action now (at the current step's time) and returns the events it caused at once; actions with a
    /// duration carry on as the model advances. Refused actions do nothing and are recorded in `rejections`.
    public func apply(_ action: ScenarioAction) -> [MarketEvent] {
        perform(action)
        runDueTasks()
        settleAccounts()
        return takeOutput()
    }

    /// Why `apply(_:)` would refuse the action now, or nil if it would carry it out.
    public func validate(_ action: ScenarioAction) -> String? {
        rejectionReason(action)
    }

    func takeOutput() -> [MarketEvent] {
        defer { output = [] }
        return output
    }

    private func runStep() {
        while nextEntry < scenario.entries.count {
            let entry = scenario.entries[nextEntry]
            guard dueStep(entry.at) <= currentStep else { break }
            nextEntry += 1
            perform(entry.action)
        }
        for index in symbolStates.indices
        where symbolStates[index].step(currentStep, stepLength: stepLength, volatility: configuration.volatility) {
            publishQuote(index, force: false)
        }
        runDueTasks()
        settleAccounts()
        if currentStep % stepsPerSecond == 0 {
            let slot = currentStep / stepsPerSecond
            for index in symbolStates.indices {
                let state = symbolStates[index]
                symbolStates[index].history[slot % state.history.count] = (state.bid + state.ask) / 2
            }
        }
    }

    /// The step at which an action due `seconds` after the start runs: the first step at or after it, never the
    /// initial state (step 0), so `at 0s` runs with the first step.
    func dueStep(_ seconds: TimeInterval) -> Int {
        max(1, Int((seconds / stepLength - 1e-6).rounded(.up)))
    }

    /// Steps in a duration (at least one).
    func steps(_ seconds: TimeInterval) -> Int {
        max(1, Int((seconds / stepLength).rounded()))
    }

    func emit(_ event: MarketEvent) {
        if isPumpConnected { output.append(event) }
    }

    func markDirty(_ account: Int, structural: Bool = false) {
        if structural { accounts[account].structural = true }
        dirtyBits[account >> 6] |= 1 << UInt64(account & 63)
        anyDirty = true
    }

    /// Queues every account in `list` (one access to the bit set for the lot: this runs for every holder of a
    /// symbol on every tick).
    static func markDirty(_ list: [Int], in bits: inout [UInt64]) {
        for account in list { bits[account >> 6] |= 1 << UInt64(account & 63) }
    }

    func runDueTasks() {
        while let task = tasks.popDue(atOrBefore: currentStep) {
            switch task.kind {
            case .decide(let account):
                decide(account)
            case .close(let order):
                if let account = openOrders[order],
                    let index = accounts[account].positions.firstIndex(where: { $0.order == order })
                {
                    closePosition(account: account, index: index, comment: nil)
                }
            case .scalpCheck(let order, let deadline):
                checkScalp(order: order, deadline: deadline)
            case .open(let account, let symbol, let style):
                openStyled(account: account, symbol: symbol, style: style)
            case .pumpUp(let generation):
                if generation == pumpGeneration { setPump(connected: true) }
            }
        }
    }

    /// Revalues every account whose prices or positions changed this step, in login order, stops out those at or
    /// below their group's stop-out level, and reports margin states that changed meaningfully.
    func settleAccounts() {
        while anyDirty {
            anyDirty = false
            for word in dirtyBits.indices where dirtyBits[word] != 0 {
                var bits = dirtyBits[word]
                dirtyBits[word] = 0
                while bits != 0 {
                    let account = word << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    settle(account)
                }
            }
        }
    }

    func setPump(connected: Bool) {
        guard connected != isPumpConnected else { return }
        if !connected {
            output.append(.connection(false))
            isPumpConnected = false
            return
        }
        isPumpConnected = true
        output.append(.connection(true))
        // The pump resends what a client needs to catch up: every quote and every account's margin state.
        for index in symbolStates.indices where !symbolStates[index].quotesStopped {
            let state = symbolStates[index]
            emit(
                .tick(
                    TickPayload(
                        symbol: state.spec.name, bid: state.bid, ask: state.ask,
                        lastTime: Date(timeIntervalSince1970: state.quoteTime))))
        }
        for account in accounts.indices { markDirty(account, structural: true) }
    }

    func reject(_ action: ScenarioAction, _ reason: String) {
        if rejections.count >= 1000 { rejections.removeFirst(rejections.count - 999) }
        rejections.append(Rejection(time: now, action: action, reason: reason))
    }
}
