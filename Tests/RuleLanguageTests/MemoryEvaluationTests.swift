import Testing

@testable import RuleLanguage

/// Drives one alert key of a rule the way the engine does: record the event in the key's memory, evaluate the
/// condition, then remember the event's values for the next `prev(…)`. Timers evaluate without an event.
private final class KeyTimeline {
    let rule: CompiledRule
    let frame: EvaluationFrame

    init(_ rule: CompiledRule) {
        self.rule = rule
        self.frame = makeFrame(memoryFor: rule)
    }

    convenience init(_ condition: String, stream: String = "margin") throws {
        self.init(try compileCondition(condition, stream: stream))
    }

    func event(at time: Double, _ numbers: [String: Double] = [:], strings: [String: String] = [:]) -> Bool {
        frame.event = makeFrame(numbers, strings: strings).event
        frame.now = time
        rule.recordEvent(in: frame)
        let holds = rule.condition(frame)
        rule.commitLatest(in: frame)
        return holds
    }

    func timer(at time: Double) -> Bool {
        frame.now = time
        return rule.condition(frame)
    }
}

@Suite("Evaluating prev, windows and silence")
struct MemoryEvaluationTests {
    @Test("prev(x) is the key's previous event's value, unchanged by timers between events")
    func previousNumber() throws {
        let key = try KeyTimeline("level < prev(level)")
        #expect(key.event(at: 0, ["level": 80]) == false)  // no previous value yet
        #expect(key.event(at: 10, ["level": 70]) == true)
        #expect(key.timer(at: 15) == true)
        #expect(key.event(at: 20, ["level": 75]) == false)
        #expect(key.event(at: 30, ["level": 60]) == true)
        #expect(key.frame.memory.previousNumbers == [75])
        #expect(key.frame.memory.latestNumbers == [60])
    }

    @Test("prev of a string and of a condition")
    func previousStringAndBool() throws {
        let groups = try KeyTimeline("prev(group) != \"\" and group != prev(group)")
        #expect(groups.event(at: 0, strings: ["group": "real"]) == false)
        #expect(groups.event(at: 1, strings: ["group": "real"]) == false)
        #expect(groups.event(at: 2, strings: ["group": "demo"]) == true)
        #expect(groups.event(at: 3, strings: ["group": "demo"]) == false)

        let disabled = try KeyTimeline("prev(enabled) and not enabled")
        #expect(disabled.event(at: 0, ["enabled": 1]) == false)
        #expect(disabled.event(at: 1, ["enabled": 0]) == true)
        #expect(disabled.event(at: 2, ["enabled": 0]) == false)
    }

    @Test("count(D) counts the key's events in the window; a sample exactly D old still counts")
    func count() throws {
        let key = try KeyTimeline("count(1m) >= 3")
        #expect(key.event(at: 0) == false)
        #expect(key.event(at: 10) == false)
        #expect(key.event(at: 20) == true)
        #expect(key.timer(at: 60) == true)
        #expect(key.timer(at: 60.5) == false)
        #expect(key.frame.memory.nextExpiry == 70)
        #expect(key.event(at: 70) == true)  // 10, 20 and 70 are within [10, 70]
    }

    @Test("avg, sum, min and max follow the samples in the window as they expire")
    func aggregates() throws {
        let average = try KeyTimeline("avg(level, 10m) < 50%")
        #expect(average.event(at: 0, ["level": 10]) == true)
        #expect(average.event(at: 300, ["level": 70]) == true)  // avg 40
        #expect(average.timer(at: 601) == false)  // the 10 expired: avg 70

        let total = try KeyTimeline("sum(profit, 1h) > 1000", stream: "trade")
        #expect(total.event(at: 0, ["profit": 600]) == false)
        #expect(total.event(at: 1800, ["profit": 500]) == true)
        #expect(total.event(at: 3601, ["profit": 100]) == false)  // 600 expired: 500 + 100

        let range = try KeyTimeline("max(level, 1h) - min(level, 1h) > 20%")
        #expect(range.event(at: 0, ["level": 50]) == false)
        #expect(range.event(at: 60, ["level": 80]) == true)
        #expect(range.event(at: 120, ["level": 65]) == true)
        #expect(range.timer(at: 3601) == false)  // 50 expired: 80 − 65
    }

    @Test("change, drop and rise are percentages over the window")
    func changeDropRise() throws {
        let change = try KeyTimeline("change(equity, 1h) <= -10%")
        #expect(change.event(at: 0, ["equity": 1000]) == false)
        #expect(change.event(at: 600, ["equity": 950]) == false)
        #expect(change.event(at: 1200, ["equity": 900]) == true)
        #expect(change.timer(at: 3601) == false)  // now from 950: −5.3%

        let drop = try KeyTimeline("drop(equity, 1h) >= 20%")
        #expect(drop.event(at: 0, ["equity": 1000]) == false)
        #expect(drop.event(at: 600, ["equity": 1200]) == false)
        #expect(drop.event(at: 1200, ["equity": 960]) == true)  // 20% below the high of 1200

        let rise = try KeyTimeline("rise(equity, 1h) >= 25%")
        #expect(rise.event(at: 0, ["equity": 800]) == false)
        #expect(rise.event(at: 600, ["equity": 900]) == false)
        #expect(rise.event(at: 1200, ["equity": 1000]) == true)  // 25% above the low of 800
    }

    @Test("each window keeps queues only for the extremes its functions read, shared by functions of one window")
    func windowExtremesFollowTheFunctions() throws {
        let rule = try compileCondition(
            "drop(equity, 1h) >= 20% and min(equity, 1h) > 0 and avg(equity, 10m) > 0 and rise(level, 1h) > 5%"
                + " and count(1h) > 2")
        let memory = rule.definition.memory
        #expect(memory.windowDurations == [3600, 600, 3600, 3600])
        #expect(memory.windowExtremes == [[.maximum, .minimum], [], [.minimum], []])
    }

    @Test("missing values are not sampled")
    func missingValuesAreNotSampled() throws {
        let key = try KeyTimeline("avg(equity, 1h) < 100 or count(1h) > 2")
        #expect(key.event(at: 0) == false)
        #expect(key.frame.memory.windows.map(\.count) == [0, 1])
        #expect(key.event(at: 1, ["equity": 50]) == true)
    }

    @Test("window and prev memory is shared between identical uses, whatever the spacing")
    func memoryLayout() throws {
        let rule = try compileCondition(
            "avg(level, 1h) < 5% or avg( level , 1h ) > 1% or count(1h) > 1 or avg(level, 2h) > 1%"
                + " or sum(level, 1h) > 1% or prev(level) + prev( level ) > 1%")
        #expect(rule.definition.memory.windowDurations == [3600, 3600, 7200])
        #expect(rule.definition.memory.previousNumberCount == 1)
        #expect(rule.definition.memory.previousStringCount == 0)
        #expect(rule.windowSamplers.map { $0 == nil } == [false, true, false])
    }

    @Test("silence is the time since the key's last event, and its thresholds are known for timers")
    func silence() throws {
        let key = try KeyTimeline("silence > 5m")
        #expect(key.timer(at: 0) == false)  // no event yet
        #expect(key.event(at: 0) == false)
        #expect(key.timer(at: 300) == false)
        #expect(key.timer(at: 301) == true)
        #expect(key.event(at: 400) == false)
        #expect(key.rule.definition.silenceThresholds.map(\.seconds) == [300])
        #expect(key.rule.definition.silenceThresholds.map(\.strict) == [true])

        let reversed = try compileCondition("10m <= silence or silence >= 1h")
        #expect(reversed.definition.silenceThresholds.map(\.seconds) == [600, 3600])
        #expect(reversed.definition.silenceThresholds.map(\.strict) == [false, false])
    }

    @Test("observed values explain an alert: fields and windows the conditions read, rendered")
    func observed() throws {
        let key = try KeyTimeline("level < 50% and avg(level, 1h) < 60%")
        _ = key.event(at: 0, ["level": 70])
        _ = key.event(at: 60, ["level": 40])
        let observed = key.rule.observed
        #expect(observed.map(\.text) == ["level", "avg(level, 1h)"])
        #expect(observed.map(\.windowSlot) == [nil, 0])
        #expect(observed.map { $0.render(key.frame) } == ["40", "55"])
    }

    @Test("window functions render in templates")
    func windowsInTemplates() throws {
        let rule = try compileRule(
            """
            rule a {
                on margin
                when level < 100%
                log "{count(1h)} events, avg {avg(level, 1h):.1f}%, was {prev(level)}%"
            }
            """)
        let key = KeyTimeline(rule)
        _ = key.event(at: 0, ["level": 50])
        _ = key.event(at: 10, ["level": 45])
        guard case .log(let message)? = rule.actions.first else {
            Issue.record("expected a log action")
            return
        }
        #expect(message.render(key.frame) == "2 events, avg 47.5%, was 50%")
    }
}
