import CPluginClient
import Foundation
import Testing

@Suite("Hub client with a misbehaving server")
struct HubMalformedFrameTests {
    static func client(_ server: ScriptedHubServer, maxMessageBytes: Int = 64 * 1024) -> HubClient {
        HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/hub"),
            authentication: HubAuthentication(token: { "test-token" }),
            options: fastHubOptions(transports: [.webSockets], maxMessageBytes: maxMessageBytes))
    }

    static func tick(_ symbol: String) -> String {
        #"{"type":1,"target":"OnTick","arguments":[{"symbol":"\#(symbol)","bid":1.1,"ask":1.2}]}"# + "\u{1E}"
    }

    @Test("bad JSON, unknown message types and messages split across frames are skipped or joined; good ones arrive")
    func malformedRecordsAreSkipped() async throws {
        let split = Self.tick("C")
        let middle = split.index(split.startIndex, offsetBy: 25)
        let server = try await ScriptedHubServer.start(frames: [
            Self.tick("A"),
            "this is not json\u{1E}{\"type\":\"one\"}\u{1E}{\"type\":2}\u{1E}",
            "{\"type\":99,\"what\":true}\u{1E}" + Self.tick("B"),
            String(split[..<middle]), String(split[middle...]),
            "{\"type\":1,\"target\":\"OnTick\",\"arguments\":[{\"symbol\":7,\"bid\":\"x\"}]}\u{1E}",
            Self.tick("D"),
        ])
        let client = Self.client(server)
        let symbols = Collected<String>()
        client.on("OnTick") { arguments in
            if let tick = try? arguments.first?.decode(TickPayload.self) { symbols.append(tick.symbol) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let deadline = ContinuousClock.now + .seconds(20)
            while symbols.all.count < 5, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        // The lenient payload reading turns the odd tick into one with defaults rather than losing it.
        #expect(symbols.all.filter { ["A", "B", "C", "D"].contains($0) } == ["A", "B", "C", "D"])
        #expect(client.statistics.malformed == 3)
        #expect(client.statistics.unexpected == 1)
        #expect(server.connections == 1, "skipped messages must not cost the connection")
    }

    @Test(
        "a record larger than the limit, or one that never ends, closes the connection cleanly and the client comes back"
    )
    func oversizedRecordEndsTheConnection() async throws {
        let huge =
            "{\"type\":1,\"target\":\"OnTick\",\"arguments\":[\"" + String(repeating: "x", count: 100_000) + "\"]}"
        let server = try await ScriptedHubServer.start(frames: [Self.tick("A"), huge])
        let client = Self.client(server, maxMessageBytes: 64 * 1024)
        let events = client.connectionEvents()
        let reason = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            group.addTask {
                var iterator = events.makeAsyncIterator()
                var reason = ""
                var ups = 0
                while let event = await iterator.next() {
                    if case .reconnecting(_, _, let why) = event { reason = why }
                    if event.isUp { ups += 1 }
                    if ups == 2 { break }
                }
                return reason
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return "timed out"
            }
            let first = try await group.next()!
            group.cancelAll()
            return first ?? "the client stopped"
        }
        #expect(reason.contains("broke the SignalR protocol"))
        #expect(server.connections >= 2)
    }
}
