import AlertModel
import AlertStore
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage
import Synchronization
import Testing

@testable import Runtime

@Suite("Engine service batches")
struct EngineServiceBatchTests {
    typealias Support = RecordingTestSupport

    static let start = Timestamp(milliseconds: 1_767_614_431_000)

    /// Margin updates as the feed hands them over: decoded, each with the line it would record.
    static func batch(_ levels: [(login: Int, level: Double)]) throws -> [(event: TradingEvent, line: RecordingLine)] {
        let decoder = HubPayloadDecoder()
        return try levels.enumerated().map { index, update in
            let item = RecordedItem(
                time: start.adding(milliseconds: Int64(index)), platform: "MT4", stream: .margin, source: .hub,
                payload: Support.margin(login: update.login, level: update.level))
            return (try decoder.event(item), .item(item))
        }
    }

    static func logins(_ keys: [AlertKey]) -> [String] {
        keys.map { key in key.labels.first { $0.name == "login" }?.value ?? "?" }
    }

    /// Counts the sink's commits.
    final class CountingSink: NotificationSink {
        let commits = Mutex<[[AlertNotification]]>([])
        func accept(transitions: [AlertTransition], notifications: [AlertNotification]) async throws {
            commits.withLock { $0.append(notifications) }
        }
    }

    static let immediateRule = """
        rule low_margin {
          on margin
          when level < 100%
          by login
          log "{login} low"
        }
        """

    @Test("a batch's outputs reach the sink in one commit, in the engine's order, and each is observed after it")
    func oneCommitPerBatch() async throws {
        let ruleSet = try Support.compile(Self.immediateRule)
        let sink = CountingSink()
        let observed = Mutex<[String]>([])
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: Self.start), sink: sink,
            observe: { output in
                // Committed before observed: the sink already holds this output.
                #expect(sink.commits.withLock { $0.count } == 1)
                observed.withLock { $0 += Self.logins(output.notifications.map(\.key)) }
            })
        try await service.process(
            Self.batch([(5, 50), (3, 40), (9, 500), (1, 60), (3, 30)]))
        let commits = sink.commits.withLock { $0 }
        #expect(commits.count == 1)
        #expect(Self.logins(commits.first?.map(\.key) ?? []) == ["5", "3", "1"])
        #expect(observed.withLock { $0 } == ["5", "3", "1"])
        #expect(await service.eventsProcessed == 5)
    }

    @Test("with a store, every output of a batch is committed before the first observer hears of any")
    func storeCommitsBeforeObserving() async throws {
        let ruleSet = try Support.compile(Self.immediateRule)
        let store = try AlertStore.temporary()
        let storedWhenObserved = Mutex<[Int]>([])
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: Self.start), store: store, worker: nil,
            observe: { _ in
                let stored = (try? store.alerts().count) ?? -1
                storedWhenObserved.withLock { $0.append(stored) }
            })
        try await service.process(Self.batch([(1, 50), (2, 40), (3, 30), (4, 500)]))
        #expect(storedWhenObserved.withLock { $0 } == [3, 3, 3])
        #expect(try store.alerts().count == 3)
    }

    @Test("a batch saves each touched key once, with its state after the batch, and a reopened store restores it")
    func batchKeysSurviveReopen() async throws {
        let ruleSet = try Support.compile(
            """
            rule low_margin {
              on margin
              when level < 100%
              for 1m
              by login
              log "{login} low"
            }
            """)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mtrules-batch-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("alerts.sqlite").path
        let store = try AlertStore(path: path)
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: Self.start), store: store, worker: nil)
        // Login 2 goes pending and recovers within the batch: its saved state must be the recovered one.
        try await service.process(Self.batch([(1, 50), (2, 40), (3, 30), (2, 500), (4, 500)]))
        let live = await service.alerts.filter { $0.status.state == .pending }.map(\.key)

        let reopened = try AlertStore(path: path)
        let saved = try reopened.loadEngineState()
        let keys = try saved.keys.map { try KeyStateSnapshot(data: $0) }
        #expect(keys.count == 3)
        let (restored, _, _) = RuleEngine.restoring(ruleSet: ruleSet, snapshot: nil, overlay: keys)
        let pending = restored.alerts.filter { $0.status.state == .pending }.map(\.key)
        #expect(Set(Self.logins(pending)) == ["1", "3"])
        #expect(Set(pending) == Set(live))
    }

    /// Refuses its first `failures` commits, as a store that is briefly locked or full would.
    final class FailingSink: NotificationSink {
        struct Refused: Error {}
        let failures: Mutex<Int>
        let commits = Mutex<[[AlertNotification]]>([])
        init(failures: Int) { self.failures = Mutex(failures) }
        func accept(transitions: [AlertTransition], notifications: [AlertNotification]) async throws {
            let refuse = failures.withLock { count in
                defer { count -= 1 }
                return count > 0
            }
            if refuse { throw Refused() }
            commits.withLock { $0.append(notifications) }
        }
    }

    @Test("output whose commit failed is committed by the next commit, before newer output, and observed once")
    func failedCommitIsRetried() async throws {
        let ruleSet = try Support.compile(Self.immediateRule)
        let sink = FailingSink(failures: 1)
        let observed = Mutex<[String]>([])
        let service = EngineService(
            engine: RuleEngine(ruleSet: ruleSet, startingAt: Self.start), sink: sink,
            observe: { output in observed.withLock { $0 += Self.logins(output.notifications.map(\.key)) } },
            now: { Self.start.adding(milliseconds: 1000) })
        await #expect(throws: FailingSink.Refused.self) { try await service.process(Self.batch([(5, 50), (3, 40)])) }
        #expect(observed.withLock { $0 }.isEmpty, "nothing is observed before it is committed")
        try await service.tick()
        #expect(Self.logins(sink.commits.withLock { $0 }.flatMap { $0.map(\.key) }) == ["5", "3"])
        try await service.process(Self.batch([(8, 20)]))
        #expect(Self.logins(sink.commits.withLock { $0 }.flatMap { $0.map(\.key) }) == ["5", "3", "8"])
        #expect(observed.withLock { $0 } == ["5", "3", "8"])
    }
}
