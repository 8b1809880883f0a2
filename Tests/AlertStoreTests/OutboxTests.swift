import AlertModel
import Testing

@testable import AlertStore

@Suite("The outbox: claiming, leasing, retrying, dead letters, operator actions")
struct OutboxTests {
    /// A store holding `count` pending webhook notifications, created at the clock's time.
    static func store(with count: Int, clock: TestClock = TestClock()) throws -> AlertStore {
        let store = try AlertStore.temporary(clock: clock.source)
        try store.record(transitions: [], notifications: Samples.notifications(count))
        return store
    }

    @Test("due entries are claimed oldest first, leased, and not claimed again while the lease lives")
    func claimAndLease() throws {
        let clock = TestClock()
        let store = try Self.store(with: 5, clock: clock)
        let first = try store.claimDue(now: clock.now, limit: 3, lease: .seconds(30))
        #expect(first.map(\.notification.id) == ["n-0", "n-1", "n-2"])
        #expect(first.allSatisfy { $0.leaseUntil == clock.now.adding(milliseconds: 30_000) })
        let second = try store.claimDue(now: clock.now, limit: 10, lease: .seconds(30))
        #expect(second.map(\.notification.id) == ["n-3", "n-4"])
        #expect(try store.claimDue(now: clock.now.adding(milliseconds: 29_999), limit: 10, lease: .seconds(30)).isEmpty)
    }

    @Test("an expired lease (a worker that died) makes the entry claimable again")
    func expiredLease() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let claimed = try store.claimDue(now: clock.now, limit: 1, lease: .seconds(10))
        #expect(claimed.count == 1)
        #expect(try store.nextDueTime() == clock.now.adding(milliseconds: 10_000))
        let reclaimed = try store.claimDue(now: clock.now.adding(milliseconds: 10_000), limit: 1, lease: .seconds(10))
        #expect(reclaimed.map(\.id) == claimed.map(\.id))
    }

    @Test("a delivered entry is never claimed again")
    func deliveredNotReclaimed() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let entry = try #require(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(10)).first)
        let delivered = try store.markDelivered(entry.id, at: clock.now, detail: "HTTP 200")
        #expect(delivered.state == .delivered && delivered.attempts == 1 && delivered.leaseUntil == nil)
        #expect(delivered.deliveredAt == clock.now)
        let later = clock.now.adding(milliseconds: 86_400_000)
        #expect(try store.claimDue(now: later, limit: 10, lease: .seconds(10)).isEmpty)
        #expect(try store.nextDueTime() == nil)
        #expect(try store.destinations().isEmpty)
        // Reporting it twice changes nothing.
        #expect(try store.markDelivered(entry.id, at: later) == delivered)
    }

    @Test("claiming can be limited to one destination")
    func claimByDestination() throws {
        let clock = TestClock()
        let store = try AlertStore.temporary(clock: clock.source)
        try store.record(
            transitions: [],
            notifications: Samples.notifications(2, prefix: "desk", destination: "risk_desk")
                + Samples.notifications(2, prefix: "ops", destination: "ops"))
        #expect(try store.destinations() == ["webhook:ops", "webhook:risk_desk"])
        let ops = try store.claimDue(now: clock.now, limit: 10, destination: "webhook:ops", lease: .seconds(5))
        #expect(ops.map(\.notification.id) == ["ops-0", "ops-1"])
        #expect(try store.nextDueTime(destination: "webhook:risk_desk") == clock.now)
        #expect(try store.nextDueTime(destination: "webhook:ops") == clock.now.adding(milliseconds: 5_000))
        #expect(try store.nextDueTime(destination: "mail") == nil)
    }

    @Test("a retry waits for its time, and due entries come out in order")
    func retryScheduling() throws {
        let clock = TestClock()
        let store = try Self.store(with: 3, clock: clock)
        let now = clock.now
        let claimed = try store.claimDue(now: now, limit: 3, lease: .seconds(30))
        // n-0 retries late, n-1 soon, n-2 soonest.
        for (entry, delay) in zip(claimed, [60_000, 20_000, 10_000] as [Int64]) {
            let retried = try store.scheduleRetry(
                entry.id, at: now, nextAttemptAt: now.adding(milliseconds: delay), error: "HTTP 503")
            #expect(retried.state == .pending && retried.attempts == 1 && retried.lastError == "HTTP 503")
            #expect(retried.leaseUntil == nil)
        }
        #expect(try store.nextDueTime() == now.adding(milliseconds: 10_000))
        #expect(try store.claimDue(now: now.adding(milliseconds: 9_999), limit: 10, lease: .seconds(1)).isEmpty)
        let atTwenty = try store.claimDue(now: now.adding(milliseconds: 20_000), limit: 10, lease: .seconds(3600))
        #expect(atTwenty.map(\.notification.id) == ["n-1", "n-2"], "all due entries, oldest first")
        let atSixty = try store.claimDue(now: now.adding(milliseconds: 60_000), limit: 10, lease: .seconds(1))
        #expect(atSixty.map(\.notification.id) == ["n-0"])
        #expect(try store.outboxEntries(.failed).count == 3)
        #expect(try store.outboxStatistics().failing == 3)
    }

    @Test("a final failure makes a dead letter with its reason, never claimed again")
    func deadLetter() throws {
        let clock = TestClock()
        let store = try Self.store(with: 2, clock: clock)
        let entry = try #require(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(30)).first)
        let dead = try store.deadLetter(entry.id, at: clock.now, reason: "HTTP 400: unknown channel")
        #expect(dead.state == .dead && dead.lastError == "HTTP 400: unknown channel" && dead.attempts == 1)
        #expect(dead.finishedAt == clock.now)
        #expect(try store.outboxEntries(.dead).map(\.id) == [entry.id])
        #expect(try store.deadLetterCount() == 1)
        #expect(try store.outboxStatistics().deadLetters == 1)
        let later = try store.claimDue(now: clock.now.adding(milliseconds: 3_600_000), limit: 10, lease: .seconds(1))
        #expect(later.map(\.notification.id) == ["n-1"])
    }

    @Test("requeue puts a dead letter back, due now, attempts kept")
    func requeueDead() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let entry = try #require(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(30)).first)
        try store.deadLetter(entry.id, at: clock.now, reason: "HTTP 404")
        clock.advance(by: 60_000)
        let requeued = try store.requeue(entry.id, reason: "receiver fixed")
        #expect(requeued.state == .pending && requeued.attempts == 1 && requeued.nextAttemptAt == clock.now)
        #expect(requeued.finishedAt == nil)
        #expect(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(30)).map(\.id) == [entry.id])
    }

    @Test("drop gives up on an entry with a reason; a dropped entry can be requeued")
    func dropAndRequeue() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let id = try #require(try store.outboxEntries().first?.id)
        let dropped = try store.drop(id, reason: "duplicate of #7, sent by hand")
        #expect(dropped.state == .dropped && dropped.lastError == "duplicate of #7, sent by hand")
        #expect(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(1)).isEmpty)
        #expect(try store.outboxEntries(.dropped).map(\.id) == [id])
        #expect(try store.requeue(id).state == .pending)
    }

    @Test("changes the entry's state does not allow are refused with the reason", arguments: ["requeue", "drop"])
    func refusedChanges(change: String) throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let id = try #require(try store.outboxEntries().first?.id)
        try store.markDelivered(id, at: clock.now)
        let error = try #require(throws: AlertStoreError.self) {
            if change == "requeue" { try store.requeue(id) } else { try store.drop(id, reason: "no") }
        }
        #expect(error == .invalidOutboxChange(id: id, state: .delivered, change: change))
        #expect(error.description.contains("it is delivered"))
    }

    @Test(
        "an unknown id is reported as unknown", arguments: ["entry", "requeue", "drop", "delivered", "retry", "dead"])
    func unknownID(operation: String) throws {
        let store = try AlertStore.temporary()
        let now = Timestamp(milliseconds: 0)
        let error = try #require(throws: AlertStoreError.self) {
            switch operation {
            case "entry": _ = try store.outboxEntry(42)
            case "requeue": try store.requeue(42)
            case "drop": try store.drop(42, reason: "x")
            case "delivered": try store.markDelivered(42, at: now)
            case "retry": try store.scheduleRetry(42, at: now, nextAttemptAt: now, error: "x")
            default: try store.deadLetter(42, at: now, reason: "x")
            }
        }
        #expect(error == .unknownOutboxEntry(id: 42))
        #expect(error.description.contains("no outbox entry #42"))
    }

    @Test("an attempt reported on an entry dropped meanwhile is logged but does not revive it")
    func attemptAfterDrop() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let entry = try #require(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(30)).first)
        try store.drop(entry.id, reason: "operator")
        let after = try store.scheduleRetry(entry.id, at: clock.now, nextAttemptAt: clock.now, error: "HTTP 500")
        #expect(after.state == .dropped && after.attempts == 1)
    }

    @Test("statistics count entries by destination and state")
    func statistics() throws {
        let clock = TestClock()
        let store = try AlertStore.temporary(clock: clock.source)
        try store.record(
            transitions: [],
            notifications: Samples.notifications(3, prefix: "desk", destination: "risk_desk")
                + [Samples.notification("mail-1", action: .mail(recipients: .logins([1]), subject: "s", body: "b"))])
        let desk = try store.claimDue(now: clock.now, limit: 2, destination: "webhook:risk_desk", lease: .seconds(9))
        try store.markDelivered(desk[0].id, at: clock.now)
        try store.deadLetter(desk[1].id, at: clock.now, reason: "HTTP 400")
        let statistics = try store.outboxStatistics()
        #expect(
            statistics.buckets == [
                .init(destination: "mail", state: .pending, count: 1),
                .init(destination: "webhook:risk_desk", state: .dead, count: 1),
                .init(destination: "webhook:risk_desk", state: .delivered, count: 1),
                .init(destination: "webhook:risk_desk", state: .pending, count: 1),
            ])
        #expect(statistics.count(.pending) == 2)
        #expect(statistics.count(.pending, destination: "mail") == 1)
        #expect(statistics.oldestPendingCreatedAt == clock.now)
    }

    @Test(
        "listing filters by state and destination",
        arguments: [
            (OutboxFilter.pending, ["n-1", "n-2"]), (.failed, ["n-1"]), (.dead, []), (.delivered, ["n-0"]),
            (.all, ["n-0", "n-1", "n-2"]),
        ])
    func listing(filter: OutboxFilter, expected: [String]) throws {
        let clock = TestClock()
        let store = try Self.store(with: 3, clock: clock)
        let claimed = try store.claimDue(now: clock.now, limit: 2, lease: .seconds(1))
        try store.markDelivered(claimed[0].id, at: clock.now)
        try store.scheduleRetry(claimed[1].id, at: clock.now, nextAttemptAt: clock.now, error: "timeout")
        #expect(try store.outboxEntries(filter).map(\.notification.id) == expected)
        #expect(try store.outboxEntries(filter, destination: "mail").isEmpty)
        #expect(try store.outboxEntries(.all, limit: 1).count == 1)
    }

    @Test("the pending count a worker polls, and listing newest first")
    func pendingCountAndNewestFirst() throws {
        let clock = TestClock()
        let store = try AlertStore.temporary(clock: clock.source)
        try store.record(
            transitions: [],
            notifications: Samples.notifications(3, prefix: "desk")
                + Samples.notifications(2, prefix: "ops", destination: "ops"))
        let first = try #require(try store.outboxEntries().first)
        try store.markDelivered(first.id, at: clock.now)
        #expect(try store.pendingCount() == 4)
        #expect(try store.pendingCount(destination: "webhook:risk_desk") == 2)
        #expect(try store.pendingCount(destination: "mail") == 0)
        #expect(
            try store.outboxEntries(.all, limit: 2, newestFirst: true).map(\.notification.id) == ["ops-1", "ops-0"])
    }

    @Test("attempt numbers count up through retries to the dead letter")
    func attemptNumbers() throws {
        let clock = TestClock()
        let store = try Self.store(with: 1, clock: clock)
        let id = try #require(try store.outboxEntries().first?.id)
        for _ in 0..<3 {
            let entry = try #require(try store.claimDue(now: clock.now, limit: 1, lease: .seconds(30)).first)
            #expect(entry.id == id)
            try store.scheduleRetry(
                id, at: clock.now, nextAttemptAt: clock.now.adding(milliseconds: 1_000), error: "timeout")
            clock.advance(by: 1_000)
        }
        try store.deadLetter(id, at: clock.now, reason: "gave up after 4 attempts")
        let attempts = try store.history(of: Samples.marginKey(10_000)).events.compactMap { event -> Int? in
            if case .delivery(let record) = event { return record.attempt }
            return nil
        }
        #expect(attempts == [1, 2, 3, 4])
        #expect(try store.outboxEntry(id).attempts == 4)
    }

    @Test("recording nothing writes nothing")
    func emptyRecord() throws {
        let store = try AlertStore.temporary()
        #expect(try store.record(transitions: [], notifications: []) == RecordResult())
    }
}
