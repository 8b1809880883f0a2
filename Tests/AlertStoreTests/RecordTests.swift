import AlertModel
import Testing

@testable import AlertStore

@Suite("Recording the engine's output")
struct RecordTests {
    struct Failure: Error {}

    @Test("transitions update the alert's state and are logged with their evidence")
    func transitionsUpdateState() throws {
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        let evidence = Samples.evidence(level: 93)
        let result = try store.record(
            transitions: [
                Samples.transition(key, .inactive, .pending, at: 1_000),
                Samples.transition(key, .pending, .firing, at: 31_000, evidence: evidence),
            ],
            notifications: [], ruleSetHash: "rules-v1")
        #expect(result.transitionsRecorded == 2)
        let alert = try #require(try store.alert(key))
        #expect(alert.state == .firing)
        #expect(alert.since == Timestamp(milliseconds: 31_000))
        #expect(alert.activeSince == Timestamp(milliseconds: 1_000))
        #expect(alert.evidence == evidence)
        #expect(alert.ruleSetHash == "rules-v1")
        #expect(alert.severity == .critical)

        try store.record(
            transitions: [Samples.transition(key, .firing, .resolved, at: 61_000)], notifications: [],
            ruleSetHash: nil)
        let resolved = try #require(try store.alert(key))
        #expect(resolved.state == .resolved)
        #expect(resolved.activeSince == nil)
        #expect(resolved.evidence == evidence, "the evidence that decided the episode is kept")
        #expect(resolved.ruleSetHash == "rules-v1")
    }

    static let stateCases: [(Set<AlertState>, [String])] = [
        ([.firing], ["margin_call{login=1}@MT4-Live"]),
        ([.firing, .pending], ["margin_call{login=1}@MT4-Live", "margin_call{login=2}@MT4-Live"]),
        ([.resolved], ["margin_call{login=3}@MT4-Live"]),
        ([], []),
    ]

    @Test("alerts can be listed by state", arguments: stateCases)
    func alertsByState(states: Set<AlertState>, expected: [String]) throws {
        let store = try AlertStore.temporary()
        try store.record(
            transitions: [
                Samples.transition(Samples.marginKey(1), .pending, .firing, at: 1),
                Samples.transition(Samples.marginKey(2), .inactive, .pending, at: 1),
                Samples.transition(Samples.marginKey(3), .firing, .resolved, at: 1),
            ], notifications: [], ruleSetHash: nil)
        #expect(try store.alerts(in: states).map(\.key.description) == expected)
    }

    @Test("a transition older than the stored state never moves the alert back")
    func staleTransition() throws {
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        try store.record(
            transitions: [Samples.transition(key, .pending, .firing, at: 5_000)], notifications: [], ruleSetHash: nil)
        try store.record(
            transitions: [Samples.transition(key, .inactive, .pending, at: 1_000)], notifications: [],
            ruleSetHash: nil)
        #expect(try store.alert(key)?.state == .firing)
    }

    @Test("the same transition recorded twice is logged once")
    func duplicateTransition() throws {
        let store = try AlertStore.temporary()
        let transition = Samples.transition(Samples.marginKey(1), .pending, .firing, at: 5_000)
        try store.record(transitions: [transition], notifications: [], ruleSetHash: nil)
        let again = try store.record(transitions: [transition], notifications: [], ruleSetHash: nil)
        #expect(again.transitionsRecorded == 0 && again.duplicateTransitions == 1)
        #expect(try store.history(of: transition.key).events.count == 1)
    }

    @Test("a batch that fails part-way leaves nothing behind")
    func atomicBatch() throws {
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        #expect(throws: AlertStoreError.self) {
            try store.record(
                transitions: [Samples.transition(key, .pending, .firing, at: 1)],
                notifications: Samples.notifications(20), ruleSetHash: nil, beforeCommit: { _ in throw Failure() })
        }
        #expect(try store.alerts().isEmpty)
        #expect(try store.outboxEntries(.all).isEmpty)
        #expect(try store.history(of: key).events.isEmpty)
        #expect(try store.rawStrings("SELECT count(*) FROM notification_log") == ["0"])
        // The same batch can then be recorded whole: nothing of the failed one counts as a duplicate.
        let result = try store.record(
            transitions: [Samples.transition(key, .pending, .firing, at: 1)],
            notifications: Samples.notifications(20), ruleSetHash: nil)
        #expect(result.queued.count == 20 && result.duplicateNotifications.isEmpty)
    }

    @Test("a notification id recorded before is not queued again, even after reopening the file")
    func deduplicationAcrossReopen() throws {
        let directory = try TestStoreDirectory()
        let path = directory.storePath()
        let first = try AlertStore(path: path).record(
            transitions: [], notifications: Samples.notifications(3), ruleSetHash: nil)
        #expect(first.queued.count == 3)
        #expect(first.queuedDestinations == ["webhook:risk_desk"])

        let reopened = try AlertStore(path: path)
        let second = try reopened.record(
            transitions: [], notifications: Samples.notifications(4), ruleSetHash: nil)
        #expect(second.duplicateNotifications == ["n-0", "n-1", "n-2"])
        #expect(second.queued.count == 1)
        #expect(try reopened.outboxEntries(.all).map(\.notification.id) == ["n-0", "n-1", "n-2", "n-3"])
    }

    @Test("a duplicate inside one batch is queued once")
    func duplicateInsideBatch() throws {
        let store = try AlertStore.temporary()
        let notification = Samples.notification("same")
        let result = try store.record(transitions: [], notifications: [notification, notification], ruleSetHash: nil)
        #expect(result.queued.count == 1 && result.duplicateNotifications == ["same"])
    }

    @Test("a shadow notification is in the audit log and never in the outbox")
    func shadowNotification() throws {
        let store = try AlertStore.temporary()
        let shadow = Samples.notification("shadow-1", shadow: true)
        let result = try store.record(transitions: [], notifications: [shadow], ruleSetHash: "h")
        #expect(result.shadowRecorded == ["shadow-1"] && result.queued.isEmpty)
        #expect(try store.outboxEntries(.all).isEmpty)
        #expect(try store.claimDue(now: Timestamp(milliseconds: .max), limit: 10, lease: .seconds(30)).isEmpty)
        let history = try store.history(of: shadow.key)
        guard case .notification(let record) = try #require(history.events.first) else {
            Issue.record("expected the shadow notification in the history, got \(history.events)")
            return
        }
        #expect(record.notification == shadow && record.outboxID == nil && record.ruleSetHash == "h")
        #expect(try store.record(transitions: [], notifications: [shadow]).duplicateNotifications == ["shadow-1"])
    }

    @Test(
        "each action goes to its destination",
        arguments: [
            (NotificationAction.mail(recipients: .logins([1001]), subject: "s", body: "b"), "mail"),
            (.news(topic: "t", category: "Risk", body: "b", highPriority: true), "news"),
            (.webhook(receiver: "risk_desk", text: "t"), "webhook:risk_desk"),
            (.log(text: "t"), "log"),
        ])
    func destinations(action: NotificationAction, destination: String) throws {
        let store = try AlertStore.temporary()
        let result = try store.record(
            transitions: [], notifications: [Samples.notification("x", action: action)], ruleSetHash: nil)
        #expect(result.queuedDestinations == [destination])
        let entry = try store.outboxEntry(try #require(result.queued.first))
        #expect(entry.destination == destination && entry.notification.action == action)
        #expect(try store.destinations() == [destination])
    }

    @Test("a notification survives the store byte for byte, hostile text and non-finite numbers included")
    func roundTrip() throws {
        let store = try AlertStore.temporary()
        var notification = Samples.notification(
            "hostile", action: .webhook(receiver: "chat", text: "<b>\"Bob\" & {x}_*[1] \u{0}é😀"))
        notification.evidence = Evidence(
            ruleFile: "r", ruleHash: "h", inputs: [],
            windows: [
                Evidence.WindowContents(
                    expression: "avg(level, 1m)",
                    samples: [
                        .init(time: Timestamp(milliseconds: 1), value: .nan),
                        .init(time: Timestamp(milliseconds: 2), value: .infinity),
                    ], totalSamples: 2)
            ])
        let id = try #require(try store.record(transitions: [], notifications: [notification]).queued.first)
        let stored = try store.outboxEntry(id).notification
        #expect(stored.action == notification.action)
        let samples = try #require(stored.evidence?.windows.first?.samples)
        #expect(samples[0].value.isNaN && samples[1].value == .infinity)
    }

    @Test("keys whose label values contain the key syntax stay distinct")
    func hostileKeys() throws {
        let store = try AlertStore.temporary()
        let plain = AlertKey(
            rule: "r", platform: "", labels: [.init(name: "group", value: "a"), .init(name: "login", value: "2")])
        let tricky = AlertKey(rule: "r", platform: "", labels: [.init(name: "group", value: "a,login=2")])
        #expect(plain.description == tricky.description)
        #expect(plain.storageKey != tricky.storageKey)
        try store.record(
            transitions: [
                Samples.transition(plain, .pending, .firing, at: 1),
                Samples.transition(tricky, .inactive, .pending, at: 1),
            ], notifications: [])
        #expect(try store.alert(plain)?.state == .firing)
        #expect(try store.alert(tricky)?.state == .pending)
        #expect(try store.alerts(matching: plain.description).count == 2)
        #expect(try store.alerts(matching: tricky.storageKey).first?.key == tricky)
    }

    @Test("a queued notification stamps the alert's last notification time")
    func lastNotified() throws {
        let store = try AlertStore.temporary()
        let key = Samples.marginKey(1001)
        try store.record(
            transitions: [Samples.transition(key, .pending, .firing, at: 1_000)],
            notifications: [Samples.notification("a", key: key, at: 1_000)])
        try store.record(transitions: [], notifications: [Samples.notification("s", key: key, at: 9_000, shadow: true)])
        #expect(try store.alert(key)?.lastNotifiedAt == Timestamp(milliseconds: 1_000))
    }

    @Test("a thousand notifications record in one batch")
    func throughput() throws {
        let store = try AlertStore.temporary()
        let clock = ContinuousClock()
        let notifications = Samples.notifications(1_000)
        let transitions = notifications.map { Samples.transition($0.key, .pending, .firing, at: 1_000) }
        let elapsed = try clock.measure {
            let result = try store.record(transitions: transitions, notifications: notifications, ruleSetHash: "h")
            #expect(result.queued.count == 1_000)
        }
        print("recorded 1,000 transitions and notifications in \(elapsed)")
        #expect(try store.outboxStatistics().count(.pending) == 1_000)
    }
}
