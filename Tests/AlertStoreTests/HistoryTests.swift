import AlertModel
import Testing

@testable import AlertStore

@Suite("An alert's history: the explain")
struct HistoryTests {
    /// Margin call for 1001: pending at 1 s, firing at 31 s (mail + webhook), the webhook fails once then succeeds,
    /// resolved at 61 s with a resolve webhook.
    static func recordedLifecycle(_ store: AlertStore) throws -> AlertKey {
        let key = Samples.marginKey(1001)
        let evidence = Samples.evidence(level: 93)
        try store.record(
            transitions: [Samples.transition(key, .inactive, .pending, at: 1_000)], notifications: [],
            ruleSetHash: "v1")
        let mail = Samples.notification(
            "mail", key: key, at: 31_000, action: .mail(recipients: .logins([1001]), subject: "Margin call", body: "b"))
        let webhook = Samples.notification("hook", key: key, at: 31_000)
        try store.record(
            transitions: [Samples.transition(key, .pending, .firing, at: 31_000, evidence: evidence)],
            notifications: [mail, webhook], ruleSetHash: "v1")
        let claimed = try store.claimDue(now: Timestamp(milliseconds: 32_000), limit: 10, lease: .seconds(30))
        try #require(claimed.count == 2)
        try store.markDelivered(claimed[0].id, at: Timestamp(milliseconds: 33_000), detail: "MailSend ok")
        try store.scheduleRetry(
            claimed[1].id, at: Timestamp(milliseconds: 34_000), nextAttemptAt: Timestamp(milliseconds: 40_000),
            error: "HTTP 503")
        try store.markDelivered(claimed[1].id, at: Timestamp(milliseconds: 40_500), detail: "HTTP 200")
        try store.record(
            transitions: [Samples.transition(key, .firing, .resolved, at: 61_000)],
            notifications: [Samples.notification("resolve", key: key, at: 61_000, reason: .resolved)],
            ruleSetHash: "v1")
        return key
    }

    /// One line per event, to compare whole histories at a glance.
    static func lines(_ history: AlertHistory) -> [String] {
        history.events.map { event in
            switch event {
            case .transition(let record):
                return "\(record.at.milliseconds) \(record.from.rawValue)→\(record.to.rawValue)"
                    + (record.evidence == nil ? "" : " with evidence")
            case .notification(let record):
                return "\(record.notification.time.milliseconds) notify \(record.notification.id) "
                    + "\(record.outboxState?.rawValue ?? "-")"
            case .delivery(let record):
                return "\(record.at.milliseconds) attempt \(record.attempt) \(record.notificationID) "
                    + "\(record.outcome.rawValue)"
            }
        }
    }

    @Test("transitions, notifications and every delivery attempt come back in time order")
    func fullHistory() throws {
        let store = try AlertStore.temporary(clock: TestClock(0).source)
        let key = try Self.recordedLifecycle(store)
        let history = try store.history(of: key)
        #expect(
            Self.lines(history) == [
                "1000 inactive→pending",
                "31000 pending→firing with evidence",
                "31000 notify mail delivered",
                "31000 notify hook delivered",
                "33000 attempt 1 mail delivered",
                "34000 attempt 1 hook retry",
                "40500 attempt 2 hook delivered",
                "61000 firing→resolved",
                "61000 notify resolve pending",
            ])
        #expect(history.alert?.state == .resolved)
        guard case .transition(let firing) = history.events[1] else {
            Issue.record("expected the firing transition second")
            return
        }
        #expect(firing.evidence == Samples.evidence(level: 93) && firing.ruleSetHash == "v1")
    }

    @Test("history can start at a time")
    func historySince() throws {
        let store = try AlertStore.temporary(clock: TestClock(0).source)
        let key = try Self.recordedLifecycle(store)
        let lines = Self.lines(try store.history(of: key, since: Timestamp(milliseconds: 40_000)))
        #expect(lines == ["40500 attempt 2 hook delivered", "61000 firing→resolved", "61000 notify resolve pending"])
    }

    @Test(
        "an operator's key text finds the alert's history",
        arguments: [
            "margin_call{login=1001}@MT4-Live", "margin_call{login=9}@MT4-Live",
        ])
    func historyByText(text: String) throws {
        let store = try AlertStore.temporary(clock: TestClock(0).source)
        let key = try Self.recordedLifecycle(store)
        let histories = try store.history(matching: text)
        if text == key.description {
            #expect(histories.map(\.key) == [key])
            #expect(histories.first?.events.count == 9)
        } else {
            #expect(histories.isEmpty)
        }
    }

    @Test("requeue and drop appear in the history with their reasons")
    func operatorActions() throws {
        let clock = TestClock()
        let store = try AlertStore.temporary(clock: clock.source)
        let notification = Samples.notification("n", at: clock.now.milliseconds)
        let id = try #require(try store.record(transitions: [], notifications: [notification]).queued.first)
        try store.deadLetter(id, at: clock.now, reason: "HTTP 400")
        clock.advance(by: 1_000)
        try store.requeue(id, reason: "fixed the URL")
        clock.advance(by: 1_000)
        try store.drop(id, reason: "too late to matter")
        let deliveries = try store.history(of: notification.key).events.compactMap { event -> DeliveryRecord? in
            if case .delivery(let record) = event { return record }
            return nil
        }
        #expect(deliveries.map(\.outcome) == [.deadLettered, .requeued, .dropped])
        #expect(deliveries.map(\.detail) == ["HTTP 400", "was dead: fixed the URL", "too late to matter"])
        #expect(deliveries.map(\.attempt) == [1, 1, 1])
    }

    @Test("a summary's key, which has no alert state, still has a history")
    func summaryHistory() throws {
        let store = try AlertStore.temporary()
        let key = AlertKey(rule: "margin_call", platform: "", labels: [])
        try store.record(
            transitions: [],
            notifications: [Samples.notification("summary", key: key, action: .log(text: "12 more"), reason: .summary)])
        let histories = try store.history(matching: "margin_call{}")
        #expect(histories.map(\.key) == [key])
        #expect(histories.first?.alert == nil)
    }
}
