import CPluginClient
import CPluginSimulator
import Foundation
import Synchronization
import Testing

@Suite("Hub client reconnects")
struct HubReconnectTests {
    /// The login the test's own trades carry, so the market's trades can be told apart.
    static let marker = 424_242

    @Test(
        "with the link dropped every 3 s for a minute, stream items come in order, never twice, and none is missing within a connection",
        arguments: HubTransportKind.allCases)
    func dropsForAMinute(_ kind: HubTransportKind) async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.dropEvery = 3 }
        guard let broadcaster = fixture.server.broadcaster(for: SimulatorServer.mt4PlatformID) else {
            throw FixtureFailure("no MT4 broadcaster")
        }
        let hub = fixture.hub(transports: [kind])
        let events = hub.connectionEvents()
        let trades = hub.trades()
        let published = Tally()
        let reconnects = Tally()
        let finished = Tally()
        let received = try await whileRunning(hub, seconds: 120) {
            try await withThrowingTaskGroup(of: [Int]?.self) { group in
                group.addTask {
                    var iterator = events.makeAsyncIterator()
                    while let event = await iterator.next() {
                        if case .reconnected = event { reconnects.add(1) }
                    }
                    return nil
                }
                group.addTask {
                    // One trade every 2 ms for 60 s, then the drops stop and a last batch must arrive whole.
                    let start = ContinuousClock.now
                    var order = 0
                    while ContinuousClock.now - start < .seconds(60) {
                        order += 1
                        broadcaster.publish([.trade(Self.trade(order))])
                        published.store(order)
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    fixture.server.setFaults(.none)
                    // Let the last drop's reconnect settle, then publish the tail.
                    try await Task.sleep(for: .seconds(4))
                    for _ in 0..<500 {
                        order += 1
                        broadcaster.publish([.trade(Self.trade(order))])
                    }
                    published.store(order)
                    finished.store(1)
                    return nil
                }
                group.addTask {
                    var orders: [Int] = []
                    for try await trade in trades where trade.login == Self.marker {
                        orders.append(trade.order)
                        if finished.value == 1, trade.order == published.value {
                            break
                        }
                    }
                    return orders
                }
                while let result = try await group.next() {
                    if let orders = result {
                        group.cancelAll()
                        return orders
                    }
                }
                return []
            }
        }
        let drops = reconnects.value
        // Dropped every 3 s; on a loaded machine each reconnect takes longer, so at least five in the minute.
        #expect(drops >= 5, "the link should have been dropped every few seconds, not \(drops) times in a minute")
        // Strictly increasing: nothing twice, nothing out of order.
        #expect(zip(received, received.dropFirst()).allSatisfy { $0 < $1 })
        // Items are lost only while a connection is down: at most one gap per reconnect (plus the one before the
        // first connection's stream started).
        let gaps = zip(received, received.dropFirst()).filter { $1 != $0 + 1 }.count
        #expect(gaps <= drops + 1, "\(gaps) gaps for \(drops) reconnects")
        // After the last reconnect, everything the server sent arrived.
        #expect(received.suffix(500) == Array((received.last! - 499)...received.last!))
        #expect(hub.statistics.malformed == 0)
    }

    static func trade(_ order: Int) -> TradeUpdatePayload {
        TradeUpdatePayload(
            kind: .added, order: order, login: marker, symbol: "EURUSD", cmd: 0, volumeLots: 1, openPrice: 1.1,
            openTime: nil, closePrice: 0, closeTime: nil, profit: 0)
    }

    @Test("a server Close with allowReconnect brings the client back on a new connection")
    func closeMessage() async throws {
        let fixture = try await SimulatorFixture.start { $0.faults.dropAfterMessages = 20 }
        let hub = fixture.hub(transports: [.webSockets])
        let events = hub.connectionEvents()
        let ticks = hub.ticks()
        let (reason, connections) = try await whileRunning(hub) {
            var iterator = events.makeAsyncIterator()
            var ids: Set<String> = []
            var reason = ""
            let consume = Task { for try await _ in ticks {} }
            defer { consume.cancel() }
            while let event = await iterator.next() {
                if let info = event.info { ids.insert(info.connectionID) }
                if case .reconnecting(_, _, let why) = event { reason = why }
                if ids.count == 3 { break }
            }
            return (reason, ids.count)
        }
        #expect(reason.contains("the hub closed the connection"))
        #expect(connections == 3)
    }
}
