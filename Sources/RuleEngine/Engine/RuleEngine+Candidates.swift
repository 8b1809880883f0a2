import RuleLanguage

/// Which rules an event meets: the candidate lists cached per stream, kind, platform and partition value, and the
/// threshold groups inside them (see `ThresholdGroup`).
extension RuleEngine {
    /// A partition value (an account group, a symbol) as a cache key, hashed with `KeyHash`.
    struct PartitionValue: KeyHashable {
        var text: String

        func combine(into hash: inout KeyHash) {
            hash.combine(text)
        }
    }

    /// A cached candidate list and the kind and platform it is for. Kinds and platforms are a handful, so the lists
    /// of one partition value are told apart by comparing them, not by hashing them on every event.
    struct CachedCandidates {
        var kind: String
        var platform: String
        var list: CandidateList
    }

    /// The rules of a key group with an alert for one key.
    final class LiveRules: KeyTableEntry {
        let entity: EntityKey
        var rules: [Int]

        init(entity: EntityKey, rules: [Int]) {
            self.entity = entity
            self.rules = rules
        }
    }

    struct Candidate {
        var rule: Int
        /// False when the rule's `where` was decided for the whole partition when the cache entry was built.
        var needsFilter: Bool
    }

    /// The rules that may apply to events of one stream, kind, platform and partition value: some evaluated one by
    /// one, others found through threshold groups. A class: the cache hands out one reference per event rather than
    /// copies of its arrays.
    final class CandidateList {
        let single: [Candidate]
        /// The single candidates' rules, which start every event's selection.
        let singleRules: [Int]
        let groups: [ThresholdGroup]
        /// Whether any of the rules evaluates related state for every event: then the frame's related records are
        /// filled before evaluation; otherwise only when an alert of a rule whose messages read them is reached.
        let evaluationReadsRelated: Bool
        /// Its place in `RuleEngine.builtCandidateLists`, which an account's stamp refers to.
        let serial: Int
        var isEmpty: Bool { single.isEmpty && groups.isEmpty }

        init(
            single: [Candidate] = [], groups: [ThresholdGroup] = [], evaluationReadsRelated: Bool = false,
            serial: Int = -1
        ) {
            self.single = single
            self.singleRules = single.map(\.rule)
            self.groups = groups
            self.evaluationReadsRelated = evaluationReadsRelated
            self.serial = serial
        }
    }

    /// How an account's stamp names the candidate list of its margin updates: the cache generation, then the list's
    /// serial (under 2^20, as the cache holds at most 200,000 lists). Doubles hold both exactly.
    private static let serialBits = 20

    func candidates(for event: TradingEvent) -> CandidateList {
        if partitionIsSymbol[event.stream.ordinal], let symbol = related.lastSymbol {
            // A tick's or trade's list depends on its symbol, platform and kind: noted on the instrument's entry,
            // which the related state has just found.
            let kind = event.kind
            if let stamp = symbol.candidateStamp(stream: event.stream, kind: kind),
                stamp >> Self.serialBits == candidateGeneration
            {
                return builtCandidateLists[stamp & (1 << Self.serialBits - 1)]
            }
            let list = lookUpCandidates(for: event)
            symbol.noteCandidates(
                candidateGeneration << Self.serialBits | list.serial, stream: event.stream, kind: kind)
            return list
        }
        // A margin update's list depends on its group alone (margin events have no kind, and the account's row is
        // its platform's), so it is noted on the account's row, which the merge has just loaded, and found there
        // without hashing the group. The merge clears the note when the account's group changes.
        guard event.stream == .margin, let row = related.lastAccount, event.kind.isEmpty,
            !event.record.strings[partitionSlot[TradingStream.margin.ordinal]].isEmpty
        else { return lookUpCandidates(for: event) }
        let stamp = related.stamp(ofAccount: row)
        if !stamp.isNaN {
            let noted = Int(stamp)
            if noted >> Self.serialBits == candidateGeneration {
                return builtCandidateLists[noted & (1 << Self.serialBits - 1)]
            }
        }
        let list = lookUpCandidates(for: event)
        related.setStamp(Double(candidateGeneration << Self.serialBits | list.serial), ofAccount: row)
        return list
    }

    /// The candidate list cached for the event's stream, partition value, kind and platform, built if new.
    private func lookUpCandidates(for event: TradingEvent) -> CandidateList {
        let ordinal = event.stream.ordinal
        guard !rulesByStream[ordinal].isEmpty else { return noCandidates }
        let slot = partitionSlot[ordinal]
        let partition = PartitionValue(text: slot >= 0 ? event.record.strings[slot] : "")
        let kind = event.kind
        let platform = event.platform
        // Compared in place: copying the entries out retained their strings and list on every event.
        let found = candidateCache[ordinal][partition]?.withUnsafeBufferPointer { entries -> CandidateList? in
            for index in entries.indices where entries[index].kind == kind && entries[index].platform == platform {
                return entries[index].list
            }
            return nil
        }
        if let found { return found }
        if builtCandidateLists.count >= 200_000 {
            foldThresholdCounts()
            thresholdGroups.removeAll()
            for index in candidateCache.indices { candidateCache[index].removeAll(keepingCapacity: true) }
            builtCandidateLists.removeAll(keepingCapacity: true)
            // Accounts' stamps name lists of the old generation: they no longer match.
            candidateGeneration += 1
        }
        let list = buildCandidates(for: event, serial: builtCandidateLists.count)
        builtCandidateLists.append(list)
        candidateCache[ordinal][partition, default: []].append(
            CachedCandidates(kind: kind, platform: platform, list: list))
        thresholdGroups.append(contentsOf: list.groups)
        return list
    }

    /// Decides, once per stream, kind, platform and partition value, which rules can apply; `where` clauses over
    /// partition fields alone (group, symbol) are settled here instead of on every event.
    private func buildCandidates(for event: TradingEvent, serial: Int) -> CandidateList {
        var list = noCandidates
        frame.withEvent(event.record) { list = buildCandidatesForLentEvent(event, serial: serial) }
        return list
    }

    private func buildCandidatesForLentEvent(_ event: TradingEvent, serial: Int) -> CandidateList {
        let rules = rulesByStream[event.stream.ordinal]
        var single: [Candidate] = []
        var grouped: [String: [(rule: Int, threshold: Threshold)]] = [:]
        for index in rules {
            let runtime = runtimes[index]
            guard runtime.applies(toKind: event.kind), runtime.applies(toPlatform: event.platform) else { continue }
            var needsFilter = runtime.filter != nil
            if let filter = runtime.filter, runtime.rule.filterReadsOnlyPartitions {
                guard filter(frame) else { continue }
                needsFilter = false
            }
            if !needsFilter, let threshold = runtime.rule.threshold, let keyGroup = runtime.keyGroup {
                grouped["\(keyGroup)\u{0}\(threshold.valueText)", default: []].append((index, threshold))
            } else {
                single.append(Candidate(rule: index, needsFilter: needsFilter))
            }
        }
        var groups: [ThresholdGroup] = []
        for members in grouped.values {
            if members.count == 1 {
                single.append(Candidate(rule: members[0].rule, needsFilter: false))
            } else {
                groups.append(ThresholdGroup(rules: members, keyGroup: runtimes[members[0].rule].keyGroup!))
            }
        }
        single.sort { $0.rule < $1.rule }
        groups.sort { $0.members[0] < $1.members[0] }
        return CandidateList(
            single: single, groups: groups,
            evaluationReadsRelated: single.contains { runtimes[$0.rule].evaluationReadsRelated }
                || groups.contains { $0.members.contains { runtimes[$0].evaluationReadsRelated } }, serial: serial)
    }

    /// Evaluates a candidate list with threshold groups: the single rules plus, from each group, the rules whose
    /// threshold holds or that have an alert for the event's key, all in rule order (the order a scan of every rule
    /// would take, so the output is the same).
    func evaluate(_ candidates: CandidateList, event: TradingEvent, platform: String) {
        if !selection.isEmpty { selection.removeAll(keepingCapacity: true) }
        if !candidates.singleRules.isEmpty { selection.append(contentsOf: candidates.singleRules) }
        for group in candidates.groups {
            group.select(value: group.value(frame), live: liveRules(of: group, platform: platform), into: &selection)
        }
        if selection.count > 1 { selection.sort() }
        var previous = -1
        var next = 0
        for rule in selection where rule != previous {
            previous = rule
            // Single candidates keep their own filter flag; group members' filters were settled by the cache.
            var needsFilter = false
            var indexed = true
            if next < candidates.single.count, candidates.single[next].rule == rule {
                needsFilter = candidates.single[next].needsFilter
                indexed = false
                next += 1
            }
            evaluate(runtimes[rule], event: event, platform: platform, needsFilter: needsFilter, counted: !indexed)
        }
    }

    /// The members of `group` that have an alert for the event's key, as far as the group's key group knows.
    private func liveRules(of group: ThresholdGroup, platform: String) -> [Int]? {
        let table = liveAlerts[group.keyGroup]
        guard !table.isEmpty else { return nil }
        let runtime = runtimes[group.keyRule]
        if runtime.keysBySymbol, let symbol = related.lastSymbol { return table[symbol.entity]?.rules }
        guard group.keyGroup == accountKeyGroup, let row = related.lastAccount else {
            prepareEventKey(runtime, platform: platform)
            return table[cachedKey.key]?.rules
        }
        // The key is the event's account, whose row says whether it may have a live alert.
        if related.liveHint(ofAccount: row) == 0 { return nil }
        prepareEventKey(runtime, platform: platform)
        let live = table[cachedKey.key]?.rules
        related.setLiveHint(live == nil ? 0 : 1, ofAccount: row)
        return live
    }

    /// Moves the evaluations threshold groups decided into their members' own counters (before the groups are
    /// dropped, or the counters are carried into a reloaded engine).
    func foldThresholdCounts() {
        for group in thresholdGroups {
            for rule in group.members { runtimes[rule].evaluations += group.events }
            group.events = 0
        }
    }

    /// By rule index, the evaluations threshold groups decided and did not fold into the rule's counter yet: one pass
    /// over the groups' members, however many rules and groups there are.
    func groupEvaluations() -> [Int] {
        var counts = Array(repeating: 0, count: runtimes.count)
        for group in thresholdGroups where group.events > 0 {
            for rule in group.members { counts[rule] += group.events }
        }
        return counts
    }

    /// Records that `state`'s rule now has an alert for its key (for rules in a key group).
    func remember(_ state: KeyState, of runtime: RuleRuntime) {
        runtime.keys.insert(state)
        guard let group = runtime.keyGroup else { return }
        if group == accountKeyGroup, case .number(let login) = state.entity.first,
            let row = related.accountRow(platform: state.entity.platform, login: login)
        {
            // Not known to be free of live alerts any more: the next update looks again.
            related.setLiveHint(.nan, ofAccount: row)
        }
        if let live = liveAlerts[group][state.entity] {
            live.rules.append(runtime.index)
        } else {
            liveAlerts[group].insert(LiveRules(entity: state.entity, rules: [runtime.index]))
        }
    }
}
