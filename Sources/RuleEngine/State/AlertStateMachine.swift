import AlertModel

/// The alert state machine as a pure function: `(status, observation, now) -> (status, effects)`. No clock, no I/O,
/// no rule evaluation: the engine observes, this decides.
public enum AlertStateMachine {
    public static func transition(
        _ status: AlertStatus, _ observation: AlertObservation, now: Timestamp, policy: AlertPolicy
    ) -> (AlertStatus, [AlertEffect]) {
        var next = status
        var effects: [AlertEffect] = []
        advance(&next, observation, now: now, policy: policy, effects: &effects)
        return (next, effects)
    }

    /// `transition` in place, for the engine's hot path: the status is updated where it lives and the effects are
    /// appended to a buffer the caller reuses, so an observation that changes nothing allocates and copies nothing.
    static func advance(
        _ next: inout AlertStatus, _ observation: AlertObservation, now: Timestamp, policy: AlertPolicy,
        effects: inout [AlertEffect]
    ) {
        let status = next
        switch status.state {
        case .inactive, .resolved:
            guard observation.active else {
                if status.state == .resolved, now.milliseconds - status.since.milliseconds >= policy.resolvedRetention {
                    next = .inactive(at: now)
                    effects.append(.transition(from: .resolved, to: .inactive))
                }
                break
            }
            if policy.holdFor <= 0 {
                fire(&next, &effects, now: now, measure: observation.measure, policy: policy)
            } else {
                next.state = .pending
                next.since = now
                effects.append(.transition(from: status.state, to: .pending))
            }
        case .pending:
            if !observation.active {
                next = .inactive(at: now)
                effects.append(.transition(from: .pending, to: .inactive))
            } else if now.milliseconds - status.since.milliseconds >= policy.holdFor {
                fire(&next, &effects, now: now, measure: observation.measure, policy: policy)
            }
        case .firing:
            if observation.cleared {
                resolve(&next, &effects, now: now)
            } else if let step = policy.step, let measure = observation.measure, !measure.isNaN,
                let level = status.stepLevel
            {
                let worsened = step.lowerIsWorse ? level - measure : measure - level
                if worsened >= step.amount {
                    let steps = (worsened / step.amount).rounded(.down)
                    next.stepLevel = step.lowerIsWorse ? level - steps * step.amount : level + steps * step.amount
                    notify(&next, &effects, .step, now: now)
                } else {
                    renotifyIfDue(&next, &effects, now: now, policy: policy)
                }
            } else {
                renotifyIfDue(&next, &effects, now: now, policy: policy)
            }
        }
    }

    /// When the state machine next needs to run for this alert with no new event: the end of `for`, the next
    /// renotify, or the end of a resolved alert's retention. Nil when only an event can change anything.
    public static func nextDeadline(_ status: AlertStatus, policy: AlertPolicy) -> Timestamp? {
        switch status.state {
        case .pending:
            return status.since.adding(milliseconds: policy.holdFor)
        case .firing:
            guard let renotify = policy.renotify, let last = status.lastNotifiedAt else { return nil }
            return last.adding(milliseconds: renotify)
        case .resolved:
            return policy.isMomentary ? nil : status.since.adding(milliseconds: policy.resolvedRetention)
        case .inactive:
            return nil
        }
    }

    private static func fire(
        _ next: inout AlertStatus, _ effects: inout [AlertEffect], now: Timestamp, measure: Double?,
        policy: AlertPolicy
    ) {
        let from = next.state
        next.state = .firing
        next.since = now
        next.firedAt = now
        next.notificationCount = 0
        next.stepLevel = measure.flatMap { $0.isNaN ? nil : $0 }
        effects.append(.transition(from: from, to: .firing))
        notify(&next, &effects, .firing, now: now)
        if policy.isMomentary {
            resolve(&next, &effects, now: now)
        }
    }

    private static func resolve(_ next: inout AlertStatus, _ effects: inout [AlertEffect], now: Timestamp) {
        next.state = .resolved
        next.since = now
        next.stepLevel = nil
        effects.append(.transition(from: .firing, to: .resolved))
        effects.append(.notify(.resolved))
    }

    private static func notify(
        _ next: inout AlertStatus, _ effects: inout [AlertEffect], _ reason: NotificationReason, now: Timestamp
    ) {
        next.lastNotifiedAt = now
        next.notificationCount += 1
        effects.append(.notify(reason))
    }

    private static func renotifyIfDue(
        _ next: inout AlertStatus, _ effects: inout [AlertEffect], now: Timestamp, policy: AlertPolicy
    ) {
        guard let renotify = policy.renotify, let last = next.lastNotifiedAt,
            now.milliseconds - last.milliseconds >= renotify
        else { return }
        notify(&next, &effects, .renotify, now: now)
    }
}
