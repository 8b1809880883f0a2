import AlertModel
import RuleEngine
import Testing

@Suite("The alert state machine")
struct AlertStateMachineTests {
    let t0 = Timestamp(milliseconds: 1_000_000)
    let plain = AlertPolicy(holdFor: 0, renotify: nil, step: nil, isMomentary: false)
    let held = AlertPolicy(holdFor: 30_000, renotify: nil, step: nil, isMomentary: false)

    func run(
        _ status: AlertStatus, active: Bool, cleared: Bool? = nil, measure: Double? = nil, after ms: Int64 = 0,
        policy: AlertPolicy
    ) -> (AlertStatus, [AlertEffect]) {
        AlertStateMachine.transition(
            status, AlertObservation(active: active, cleared: cleared ?? !active, measure: measure),
            now: t0.adding(milliseconds: ms), policy: policy)
    }

    @Test("an inactive alert whose condition holds fires at once when the rule has no hold time")
    func firesAtOnce() {
        let (status, effects) = run(.inactive(at: t0), active: true, policy: plain)
        #expect(status.state == .firing)
        #expect(effects == [.transition(from: .inactive, to: .firing), .notify(.firing)])
        #expect(status.firedAt == t0)
    }

    @Test("with a hold time it goes pending, and fires only once the condition has held that long")
    func pendingThenFiring() {
        let (pending, effects) = run(.inactive(at: t0), active: true, policy: held)
        #expect(pending.state == .pending)
        #expect(effects == [.transition(from: .inactive, to: .pending)])
        let (stillPending, none) = run(pending, active: true, after: 29_999, policy: held)
        #expect(stillPending.state == .pending)
        #expect(none.isEmpty)
        let (firing, fired) = run(pending, active: true, after: 30_000, policy: held)
        #expect(firing.state == .firing)
        #expect(fired == [.transition(from: .pending, to: .firing), .notify(.firing)])
    }

    @Test("a pending alert whose condition stops holding goes back to inactive and notifies nobody")
    func pendingAborts() {
        let (pending, _) = run(.inactive(at: t0), active: true, policy: held)
        let (status, effects) = run(pending, active: false, after: 10_000, policy: held)
        #expect(status.state == .inactive)
        #expect(effects == [.transition(from: .pending, to: .inactive)])
    }

    @Test("a firing alert stays firing while not cleared, even when its condition no longer holds (hysteresis)")
    func hysteresis() {
        let (firing, _) = run(.inactive(at: t0), active: true, policy: plain)
        let (status, effects) = run(firing, active: false, cleared: false, after: 5000, policy: plain)
        #expect(status.state == .firing)
        #expect(effects.isEmpty)
        let (resolved, resolving) = run(status, active: false, cleared: true, after: 6000, policy: plain)
        #expect(resolved.state == .resolved)
        #expect(resolving == [.transition(from: .firing, to: .resolved), .notify(.resolved)])
    }

    @Test("renotify repeats the notification once the period has passed, and not before")
    func renotify() {
        let policy = AlertPolicy(holdFor: 0, renotify: 60_000, step: nil, isMomentary: false)
        let (firing, _) = run(.inactive(at: t0), active: true, policy: policy)
        #expect(run(firing, active: true, after: 59_999, policy: policy).1.isEmpty)
        let (again, effects) = run(firing, active: true, after: 60_000, policy: policy)
        #expect(effects == [.notify(.renotify)])
        #expect(again.notificationCount == 2)
        #expect(AlertStateMachine.nextDeadline(again, policy: policy) == t0.adding(milliseconds: 120_000))
    }

    struct StepCase: Sendable, CustomTestStringConvertible {
        let measures: [Double]
        let notified: [Bool]
        var testDescription: String { "\(measures)" }
    }

    @Test(
        "step re-alerts each time the measure worsens by a whole step from the last level notified",
        arguments: [
            StepCase(measures: [95, 90, 85, 84, 75, 70, 64], notified: [false, true, false, true, false, true]),
            StepCase(measures: [95, 60], notified: [true]),
            StepCase(measures: [95, 99, 86, 85], notified: [false, false, true]),
        ])
    func step(_ example: StepCase) {
        let policy = AlertPolicy(holdFor: 0, renotify: nil, step: (10, true), isMomentary: false)
        var (status, _) = run(.inactive(at: t0), active: true, measure: example.measures[0], policy: policy)
        var notified: [Bool] = []
        for (offset, measure) in example.measures.dropFirst().enumerated() {
            let (next, effects) = run(
                status, active: true, measure: measure, after: Int64(offset + 1) * 1000, policy: policy)
            notified.append(effects == [.notify(.step)])
            status = next
        }
        #expect(notified == example.notified)
    }

    @Test("a momentary alert fires and resolves on the same observation")
    func momentary() {
        let policy = AlertPolicy(holdFor: 0, renotify: nil, step: nil, isMomentary: true)
        let (status, effects) = run(.inactive(at: t0), active: true, policy: policy)
        #expect(status.state == .resolved)
        #expect(
            effects == [
                .transition(from: .inactive, to: .firing), .notify(.firing),
                .transition(from: .firing, to: .resolved), .notify(.resolved),
            ])
    }
}
