import AlertModel
import RuleLanguage
import Testing

@testable import RuleEngine

/// The alert-state table behaves as the dictionary it replaced: the same states found under the same keys through
/// growth, replacements and deletions (backward-shift), with keys that share a hash; and it holds its states alive.
@Suite("Key table")
struct KeyTableTests {
    private let runtime: RuleRuntime

    init() throws {
        let ruleSet = try compileRules(
            """
            rule probe {
              on margin
              when level < 50%
              by login
              log "{login}"
            }
            """)
        runtime = RuleRuntime(index: 0, rule: ruleSet.rules[0], fileHash: "")
    }

    private func entity(_ login: Int, platform: String) -> EntityKey {
        var key = EntityKey(platform: platform)
        key[0] = .number(Double(login))
        return key
    }

    private func state(_ entity: EntityKey, creation: Int) -> KeyState {
        KeyState(
            runtime: runtime, entity: entity, key: nil, creation: creation, status: .inactive(at: epoch),
            layout: .empty, record: Record(numbers: [], strings: []), related: [])
    }

    @Test(
        "random insertions, replacements and removals leave the same states as a dictionary",
        arguments: [1, 2, 3] as [UInt64])
    func matchesDictionary(seed: UInt64) {
        let table = KeyTable<KeyState>()
        var model: [EntityKey: KeyState] = [:]
        var random = DeterminismTests.SplitMix64(state: seed)
        for step in 0..<20_000 {
            // Logins from a small range so removals hit known keys and probe runs are long; the same login on two
            // platforms has the same hash, so those keys collide outright.
            let key = entity(Int(random.next() % 3000), platform: random.next() % 3 == 0 ? "MT5" : "MT4")
            switch random.next() % 4 {
            case 0:
                table.remove(key)
                model[key] = nil
            default:
                let added = state(key, creation: step)
                table.insert(added)
                model[key] = added
            }
            if step % 1000 == 0 {
                let probe = entity(Int(random.next() % 3000), platform: "MT4")
                #expect(table[probe] === model[probe])
            }
        }
        #expect(table.count == model.count)
        #expect(table.values.count == model.count)
        for (key, expected) in model {
            #expect(table[key] === expected, "\(key)")
        }
        for login in 0..<3000 {
            for platform in ["MT4", "MT5"] {
                let key = entity(login, platform: platform)
                #expect((table[key] == nil) == (model[key] == nil))
            }
        }
        #expect(Set(table.values.map(ObjectIdentifier.init)) == Set(model.values.map(ObjectIdentifier.init)))
    }

    @Test("the table keeps its states alive until they are replaced or removed, and lets them go then")
    func ownsItsStates() {
        let table = KeyTable<KeyState>()
        weak var replaced: KeyState?
        weak var removed: KeyState?
        weak var kept: KeyState?
        do {
            let first = state(entity(1, platform: "MT4"), creation: 1)
            let second = state(entity(2, platform: "MT4"), creation: 2)
            let third = state(entity(3, platform: "MT4"), creation: 3)
            replaced = first
            removed = second
            kept = third
            table.insert(first)
            table.insert(second)
            table.insert(third)
        }
        #expect(replaced != nil && removed != nil && kept != nil)
        table.insert(state(entity(1, platform: "MT4"), creation: 4))
        table.remove(entity(2, platform: "MT4"))
        #expect(replaced == nil)
        #expect(removed == nil)
        #expect(kept?.creation == 3)
        #expect(table[entity(1, platform: "MT4")]?.creation == 4)
        #expect(table.count == 2)
    }
}
