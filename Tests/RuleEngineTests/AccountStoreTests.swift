import AlertModel
import RuleLanguage
import Testing

@testable import RuleEngine

/// The flat account table behaves as the dictionary it replaced: the same accounts found, the same records, through
/// growth, deletions (backward-shift) and reused rows; and prefetch hints change nothing.
@Suite("Account store")
struct AccountStoreTests {
    private let layout = TradingSchema.shared.accountLayout
    /// Every number slot onto itself, as merge mappings.
    private var everyNumber: [(from: Int, to: Int)] { (0..<layout.numberCount).map { ($0, $0) } }

    private func record(_ value: Double, group: String) -> Record {
        var record = layout.emptyRecord()
        for slot in 1..<record.numbers.count { record.numbers[slot] = value + Double(slot) }
        record.strings[2] = group
        return record
    }

    /// Equal records, NaN (an unknown value) equal to NaN.
    private func same(_ a: Record, _ b: Record) -> Bool {
        a.strings == b.strings && a.numbers.map(\.bitPattern) == b.numbers.map(\.bitPattern)
    }

    @Test(
        "random creations, merges and deletions leave the same accounts and records as a dictionary",
        arguments: [1, 2, 3])
    func matchesDictionary(seed: UInt64) {
        let store = AccountStore(layout: layout)
        var model: [RelatedState.LoginKey: Record] = [:]
        var random = DeterminismTests.SplitMix64(state: seed)
        let identity = everyNumber
        let stringIdentity = Array(2..<layout.stringCount).map { ($0, $0) }
        for step in 0..<20_000 {
            // Logins from a small range so deletions hit known accounts and probe runs collide; two platforms.
            let login = Double(random.next() % 3000)
            let platform = random.next() % 5 == 0 ? "MT5" : "MT4"
            let key = RelatedState.LoginKey(platform: platform, login: login)
            if random.next() % 4 == 0 {
                store.remove(platform: platform, login: login)
                model[key] = nil
            } else {
                var incoming = record(Double(step), group: "g\(step % 7)")
                incoming.numbers[1] = login
                incoming.strings[0] = platform
                let row = store.rowCreating(platform: platform, login: login)
                store.merge(incoming, into: row, numbers: identity, strings: stringIdentity)
                model[key] = store.record(at: row)
                #expect(store.record(at: row).numbers[3] == Double(step) + 3)
            }
        }
        #expect(store.count == model.count)
        for (key, expected) in model {
            let row = store.row(platform: key.platform, login: key.login)
            #expect(row.map { same(store.record(at: $0), expected) } == true, "\(key)")
        }
        for login in 0..<3000 where model[.init(platform: "MT4", login: Double(login))] == nil {
            #expect(store.row(platform: "MT4", login: Double(login)) == nil)
        }
        #expect(Set(store.all.map(\.key)) == Set(model.keys))
    }

    @Test("the same login on two platforms is two accounts, and -0 is login 0")
    func keys() {
        let store = AccountStore(layout: layout)
        let mt4 = store.rowCreating(platform: "MT4", login: 7)
        let mt5 = store.rowCreating(platform: "MT5", login: 7)
        #expect(mt4 != mt5)
        #expect(store.row(platform: "MT5", login: 7) == mt5)
        #expect(store.row(platform: "MT6", login: 7) == nil)
        #expect(store.row(platform: "MT4", login: .nan) == nil)
        let zero = store.rowCreating(platform: "MT4", login: 0)
        #expect(store.row(platform: "MT4", login: -0.0) == zero)
    }

    @Test("a merge keeps known values where the event has none, and a deleted account's row comes back empty")
    func mergeAndReuse() {
        let store = AccountStore(layout: layout)
        let identity = everyNumber
        let strings = [(2, 2)]
        let row = store.rowCreating(platform: "MT4", login: 1)
        store.merge(record(10, group: "a"), into: row, numbers: identity, strings: strings)
        var partial = layout.emptyRecord()
        partial.numbers[0] = 99
        partial.numbers[4] = 5
        partial.strings[0] = "MT4"
        store.merge(partial, into: row, numbers: identity, strings: strings)
        let merged = store.record(at: row)
        #expect(merged.numbers[0] == 99)
        #expect(merged.numbers[4] == 5)
        #expect(merged.numbers[3] == 13)
        #expect(merged.strings[2] == "a")
        store.remove(platform: "MT4", login: 1)
        #expect(store.row(platform: "MT4", login: 1) == nil)
        let reused = store.rowCreating(platform: "MT4", login: 2)
        #expect(reused == row)
        #expect(same(store.record(at: reused), layout.emptyRecord()))
    }

    @Test("a row's stamp holds until a merge changes one of its strings, and a new or reused row has none")
    func stamps() {
        let store = AccountStore(layout: layout)
        let numbers = everyNumber
        let strings = [(2, 2)]
        let row = store.rowCreating(platform: "MT4", login: 1)
        #expect(store.stamp(of: row).isNaN)
        store.merge(record(1, group: "a"), into: row, numbers: numbers, strings: strings)
        store.setStamp(42, of: row)
        store.merge(record(2, group: "a"), into: row, numbers: numbers, strings: strings)
        #expect(store.stamp(of: row) == 42)
        store.merge(record(3, group: "b"), into: row, numbers: numbers, strings: strings)
        #expect(store.stamp(of: row).isNaN)
        store.setStamp(7, of: row)
        store.remove(platform: "MT4", login: 1)
        let reused = store.rowCreating(platform: "MT5", login: 9)
        #expect(reused == row)
        #expect(store.stamp(of: reused).isNaN)
        #expect(same(store.record(at: reused), layout.emptyRecord()))
    }

    @Test("prefetch hints, however stale, do not change what the engine outputs")
    func prefetchChangesNothing() throws {
        let ruleSet = try compileRules(
            """
            rule low {
              on margin
              when level < 100%
              by login
              log "{login} {level}"
            }
            rule big {
              on trade opened
              when account.equity > 0 and volumeLots >= 1
              log "{login} {account.equity} {account.group}"
            }
            """)
        var events: [TradingEvent] = []
        var random = DeterminismTests.SplitMix64(state: 9)
        for index in 0..<4000 {
            let login = Double(random.next() % 1500)
            if index % 5 == 4 {
                events.append(
                    try event(
                        .trade, "opened", at: Double(index),
                        ["login": .number(login), "volumeLots": .number(2), "order": .number(Double(index))]))
            } else {
                events.append(
                    try margin(
                        at: Double(index), login: login, level: Double(random.next() % 200), group: "g",
                        equity: Double(index)))
            }
        }
        let plain = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        let hinted = RuleEngine(ruleSet: ruleSet, startingAt: epoch)
        for index in events.indices {
            // Hints at several distances, some for events far ahead (their table entry moves as the table grows).
            hinted.prefetch(events[(index + 2) % events.count])
            hinted.prefetch(events[(index * 7) % events.count])
            let expected = plain.process(events[index])
            let actual = hinted.process(events[index])
            #expect(actual.texts == expected.texts)
            #expect(actual.transitionSummary == expected.transitionSummary)
        }
        #expect(plain.alerts.count == hinted.alerts.count)
    }
}
