import RuleLanguage

/// Rules of one candidate list (one stream, kind, platform and partition value) that compare the same value with
/// constants (`level < 100%`, `level < 50%`, `level <= stop_out_level` …) and key their alerts the same way. Instead
/// of evaluating each rule, the engine reads the value once, finds the rules whose threshold holds by binary search
/// in constants kept sorted, and adds the rules that already have an alert for the event's key (they must see every
/// event, to clear). The work per event follows the rules that hold, not the rules that exist: the idea behind
/// Esper's filter service and the alpha network of a Rete.
///
/// Only stateless rules (no windows, `prev`, `silence` or active hours) whose `where` the candidate cache settled are
/// grouped: for them, no alert for the key and a threshold that does not hold means the rule has nothing to do.
final class ThresholdGroup {
    /// Rule indexes, ascending.
    let members: [Int]
    let value: NumberEvaluator
    /// The members' shared key group (see `RuleEngine.liveAlerts`).
    let keyGroup: Int
    /// A member, whose key readers build the key every member would build.
    let keyRule: Int
    /// Constants ascending, with their rule, one list per comparison.
    private let less: [(constant: Double, rule: Int)]
    private let lessEqual: [(constant: Double, rule: Int)]
    private let greater: [(constant: Double, rule: Int)]
    private let greaterEqual: [(constant: Double, rule: Int)]
    /// Where any member's threshold holds: below the largest `<` or `<=` constant, above the smallest `>` or `>=`
    /// one. Most values are healthy and meet none, which these settle without a search.
    private let lessBound: Double
    private let lessEqualBound: Double
    private let greaterBound: Double
    private let greaterEqualBound: Double
    /// Events the group has decided; each is one evaluation of every member, for the rule counters.
    var events = 0

    init(rules: [(rule: Int, threshold: Threshold)], keyGroup: Int) {
        self.members = rules.map(\.rule).sorted()
        self.value = rules[0].threshold.value
        self.keyGroup = keyGroup
        self.keyRule = members[0]
        func sorted(_ comparison: Threshold.Comparison) -> [(constant: Double, rule: Int)] {
            rules.filter { $0.threshold.comparison == comparison }.map { ($0.threshold.constant, $0.rule) }
                .sorted { $0.constant < $1.constant }
        }
        less = sorted(.less)
        lessEqual = sorted(.lessEqual)
        greater = sorted(.greater)
        greaterEqual = sorted(.greaterEqual)
        lessBound = less.last?.constant ?? -.infinity
        lessEqualBound = lessEqual.last?.constant ?? -.infinity
        greaterBound = greater.first?.constant ?? .infinity
        greaterEqualBound = greaterEqual.first?.constant ?? .infinity
    }

    /// Appends to `selected` the members whose threshold holds for `value`, then those of `live` (rules with an alert
    /// for the event's key) that are members. The caller sorts and removes duplicates.
    func select(value: Double, live: [Int]?, into selected: inout [Int]) {
        events += 1
        // `<`: constants above the value; `<=`: at or above; `>`: below; `>=`: at or below. NaN meets none.
        if value < lessBound {
            Self.append(less, from: Self.firstIndex(in: less, where: { $0 > value }), to: less.count, into: &selected)
        }
        if value <= lessEqualBound {
            Self.append(
                lessEqual, from: Self.firstIndex(in: lessEqual, where: { $0 >= value }), to: lessEqual.count,
                into: &selected)
        }
        if value > greaterBound {
            Self.append(greater, from: 0, to: Self.firstIndex(in: greater, where: { $0 >= value }), into: &selected)
        }
        if value >= greaterEqualBound {
            Self.append(
                greaterEqual, from: 0, to: Self.firstIndex(in: greaterEqual, where: { $0 > value }), into: &selected)
        }
        if let live {
            for rule in live where isMember(rule) { selected.append(rule) }
        }
    }

    private static func append(
        _ entries: [(constant: Double, rule: Int)], from start: Int, to end: Int, into selected: inout [Int]
    ) {
        for index in start..<end { selected.append(entries[index].rule) }
    }

    /// Whether `rule` is a member: a binary search of the sorted members (a group has a few dozen at most).
    private func isMember(_ rule: Int) -> Bool {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle] < rule { low = middle + 1 } else { high = middle }
        }
        return low < members.count && members[low] == rule
    }

    /// The first position whose constant satisfies `predicate`, which must be false then true along the ascending
    /// constants (a binary search).
    private static func firstIndex(
        in entries: [(constant: Double, rule: Int)], where predicate: (Double) -> Bool
    ) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(entries[middle].constant) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
