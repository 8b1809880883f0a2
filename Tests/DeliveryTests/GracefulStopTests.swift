import AlertModel
import AlertStore
import Delivery
import Foundation
import Synchronization
import Testing

@Suite("Delivery worker graceful stop")
struct GracefulStopTests {
    /// A receiver that holds each send until the test lets it go, so the test decides when a send is "under way".
    final class GatedChannel: DeliveryChannel {
        let name = "webhook:risk_desk"
        let supportsBatches = false
        let started: AsyncStream<String>.Continuation
        let startedSends: AsyncStream<String>
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let delivered = Mutex<[String]>([])

        init() {
            (startedSends, started) = AsyncStream<String>.makeStream()
        }

        func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome {
            await withCheckedContinuation { continuation in
                gate.withLock { $0 = continuation }
                started.yield(batch[0].id)
            }
            delivered.withLock { $0 += batch.map(\.id) }
            return .delivered
        }

        func release() {
            gate.withLock {
                $0?.resume()
                $0 = nil
            }
        }
    }

    @Test("stopClaiming lets the send under way finish and be recorded, and leaves unclaimed entries pending")
    func stopFinishesInFlight() async throws {
        let store = try AlertStore.temporary()
        let channel = GatedChannel()
        let worker = DeliveryWorker(
            store: store, routes: ["webhook:risk_desk": DeliveryRoute(channel: channel, concurrency: 1)],
            pollInterval: .milliseconds(50))
        try store.record(transitions: [], notifications: [Fixture.notification("first", id: "a/1/0/0")])
        let running = Task { await worker.run() }
        var sends = channel.startedSends.makeAsyncIterator()
        #expect(await sends.next() == "a/1/0/0")
        // A second notification arrives while the first is being sent; then the service is told to stop.
        try store.record(
            transitions: [], notifications: [Fixture.notification("second", id: "b/1/0/0", login: "1002")])
        worker.stopClaiming()
        channel.release()
        await running.value
        #expect(channel.delivered.withLock { $0 } == ["a/1/0/0"])
        let entries = try store.outboxEntries(.all)
        #expect(entries.first { $0.notification.id == "a/1/0/0" }?.state == .delivered)
        #expect(entries.first { $0.notification.id == "b/1/0/0" }?.state == .pending)
    }
}
