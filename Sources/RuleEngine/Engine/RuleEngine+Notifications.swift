import AlertModel
import RuleLanguage

extension RuleEngine {
    /// Renders the rule's actions (or `on resolve` actions) for the alert in `frame`, through the flood limiter.
    func notify(_ runtime: RuleRuntime, _ state: KeyState, reason: NotificationReason, firedAt: Timestamp) {
        let actions = reason == .resolved ? runtime.resolveActions : runtime.actions
        guard !actions.isEmpty else { return }
        if runtime.limiter != nil {
            let (admitted, summaryDue) = runtime.limiter!.admit(at: clock, key: state.key.description)
            if let summaryDue { timers.schedule(due: summaryDue, rule: runtime.index, state: nil) }
            guard admitted else { return }
        }
        // Only messages read `{rule}` and `{severity}`: set here rather than for every evaluation.
        frame.ruleName = runtime.name
        frame.severityName = runtime.severityName
        let sequence = reason == .resolved ? "resolved" : String(state.status.notificationCount)
        let evidence = reason == .resolved ? nil : self.evidence(runtime, state)
        runtime.notifications += actions.count
        for (position, action) in actions.enumerated() {
            let rendered = render(action, runtime: runtime)
            output.notifications.append(
                AlertNotification(
                    id: "\(state.key.description)/\(firedAt.milliseconds)/\(sequence)/\(position)", key: state.key,
                    reason: reason, severity: runtime.severity, time: Timestamp(milliseconds: clock), action: rendered,
                    labels: runtime.labels, shadow: runtime.isShadow, evidence: evidence))
        }
    }

    private func render(_ action: CompiledAction, runtime: RuleRuntime) -> NotificationAction {
        switch action {
        case .mail(let recipient, let subject, let body):
            let recipients: NotificationAction.MailRecipients
            switch recipient {
            case .client:
                let login = runtime.clientLogin.map { $0(frame) } ?? .nan
                recipients = .logins(login.isNaN ? [] : [Int(login)])
            case .logins(let logins):
                recipients = .logins(logins)
            case .named(let name):
                recipients = .named(name)
            }
            return .mail(
                recipients: recipients, subject: subject?.render(frame) ?? runtime.name, body: body.render(frame))
        case .news(let topic, let body, let category, let highPriority):
            return .news(
                topic: topic.render(frame), category: category?.render(frame) ?? "", body: body.render(frame),
                highPriority: highPriority)
        case .webhook(let receiver, let message):
            return .webhook(receiver: receiver, text: message.render(frame))
        case .log(let message):
            return .log(text: message.render(frame))
        }
    }

    /// The values the rule's conditions read, and the window samples behind its window functions.
    func evidence(_ runtime: RuleRuntime, _ state: KeyState) -> Evidence {
        var inputs: [Evidence.Input] = []
        var windows: [Evidence.WindowContents] = []
        for observed in runtime.observed {
            inputs.append(Evidence.Input(expression: observed.text, value: observed.render(frame)))
            if let slot = observed.windowSlot {
                let samples = state.memory.windows[slot].allSamples
                windows.append(
                    Evidence.WindowContents(
                        expression: observed.text,
                        samples: samples.suffix(50).map {
                            Evidence.WindowContents.Sample(time: Timestamp(seconds: $0.time), value: $0.value)
                        }, totalSamples: samples.count))
            }
        }
        return Evidence(ruleFile: runtime.filePath, ruleHash: runtime.fileHash, inputs: inputs, windows: windows)
    }

    /// Emits the summary of notifications a `limit` held back, to the rule's webhook and log actions.
    func summarise(_ runtime: RuleRuntime) {
        guard var limiter = runtime.limiter, let summary = limiter.takeSummary() else { return }
        runtime.limiter = limiter
        let period = ValueFormatter.duration(Double(limiter.period) / 1000)
        var text = "\(runtime.name): \(summary.count) more notification\(summary.count == 1 ? "" : "s") held back by "
        text += "'limit \(limiter.count) per \(period)' since \(Timestamp(milliseconds: summary.since))"
        text += "; alerts: \(summary.keys.joined(separator: ", "))"
        if summary.moreKeys { text += ", …" }
        let key = AlertKey(rule: runtime.name, platform: "", labels: [])
        // Summaries go where the desk reads: the rule's webhooks and logs, or the log when it has neither (client
        // mail and news are never the place for them).
        var targets: [NotificationAction] = runtime.actions.compactMap { action in
            switch action {
            case .webhook(let receiver, _): return .webhook(receiver: receiver, text: text)
            case .log: return .log(text: text)
            case .mail, .news: return nil
            }
        }
        if targets.isEmpty { targets = [.log(text: text)] }
        runtime.notifications += targets.count
        for (position, rendered) in targets.enumerated() {
            output.notifications.append(
                AlertNotification(
                    id: "\(runtime.name)/summary/\(summary.since)/\(position)", key: key, reason: .summary,
                    severity: runtime.severity, time: Timestamp(milliseconds: clock), action: rendered,
                    labels: runtime.labels, shadow: runtime.isShadow, evidence: nil))
        }
    }
}
