import CPluginClient
import Foundation
import Testing

@Suite("Hub client protocol behaviour, against a scripted server")
struct HubProtocolBehaviourTests {
    static func run<T: Sendable>(
        _ client: HubClient, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                throw FixtureFailure("the test did not finish within 20 s")
            }
            group.addTask { try await body() }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw FixtureFailure("the client stopped")
        }
    }

    @Test(
        "a stream is started with a StreamInvocation, its items arrive in order, and leaving it sends CancelInvocation")
    func streamCancellation() async throws {
        let server = try await ScriptedHubServer.start(
            .init(
                frames: (1...5).map { #"{"type":2,"invocationId":"1","item":\#($0)}"# + "\u{1E}" },
                waitForClientMessages: 1))
        let client = HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/hub"),
            authentication: HubAuthentication(token: { "token" }), options: fastHubOptions(transports: [.webSockets]))
        let numbers = client.stream("StreamNumbers", arguments: [.string("odd"), .int(3)], of: Int.self)
        let firstTwo = try await Self.run(client) {
            var taken: [Int] = []
            for try await number in numbers {
                taken.append(number)
                if taken.count == 2 { break }
            }
            // The cancellation goes out on the client's next write; wait for the server to have it.
            while !server.received.contains(where: { $0.contains(#""type":5"#) }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            return taken
        }
        #expect(firstTwo == [1, 2])
        let sent = server.received
        #expect(sent.first == #"{"protocol":"json","version":1}"# + "\u{1E}")
        #expect(
            sent.contains {
                $0.contains(#""type":4"#) && $0.contains(#""invocationId":"1""#)
                    && $0.contains(#""target":"StreamNumbers""#) && $0.contains(#""arguments":["odd",3]"#)
            })
        #expect(sent.contains { $0.contains(#""type":5"#) && $0.contains(#""invocationId":"1""#) })
    }

    @Test("a stream's batches hold the items of one frame in order, split where another message comes between")
    func streamBatchesFollowFrames() async throws {
        let item = { (value: Int) in #"{"type":2,"invocationId":"1","item":\#(value)}"# + "\u{1E}" }
        let invocation = #"{"type":1,"target":"OnNote","arguments":[7]}"# + "\u{1E}"
        let completion = #"{"type":3,"invocationId":"1"}"# + "\u{1E}"
        let server = try await ScriptedHubServer.start(
            .init(
                frames: [
                    (1...3).map(item).joined() + invocation + (4...5).map(item).joined(),
                    item(6) + completion,
                ],
                waitForClientMessages: 1))
        let client = HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/hub"),
            authentication: HubAuthentication(token: { "token" }), options: fastHubOptions(transports: [.webSockets]))
        let notes = Collected<Int>()
        client.on("OnNote") { arguments in
            if let note = try? arguments.first?.decode(Int.self) { notes.append(note) }
        }
        let batches = client.batches("StreamNumbers")
        let received = try await Self.run(client) {
            var received: [[Int]] = []
            for try await batch in batches {
                received.append(try batch.map { try $0.decode(Int.self) })
            }
            return received
        }
        #expect(received == [[1, 2, 3], [4, 5], [6]])
        #expect(notes.all == [7])
    }

    @Test("the client pings a quiet server, so the server does not time it out")
    func clientPings() async throws {
        let server = try await ScriptedHubServer.start(frames: [])
        let client = HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/hub"),
            authentication: HubAuthentication(token: { "token" }),
            options: fastHubOptions(transports: [.webSockets], serverTimeout: .seconds(30)))
        try await Self.run(client) {
            while !server.received.contains(where: { $0 == #"{"type":6}"# + "\u{1E}" }) {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(server.received.contains(#"{"type":6}"# + "\u{1E}"))
    }

    @Test(
        "a negotiate redirect is followed with the access token it names, and version 0 answers use the connection id")
    func redirectAndVersionZero() async throws {
        let server = try await ScriptedHubServer.start(.init(frames: [], negotiateVersion: 0))
        let client = HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/redirect"),
            authentication: HubAuthentication(token: { "original-token" }),
            options: fastHubOptions(transports: [.webSockets]))
        let events = client.connectionEvents()
        let info = try await Self.run(client) {
            var iterator = events.makeAsyncIterator()
            return await nextEvent(&iterator) { $0.isUp }?.info
        }
        #expect(info?.baseURL == server.baseURL + "/hub")
        #expect(info?.connectionID == "c0")
        #expect(server.connectQueries.first == ["access_token": "redirected-token", "id": "c0"])
    }

    @Test("a Close with an error is reported with the server's reason")
    func closeWithError() async throws {
        let server = try await ScriptedHubServer.start(
            frames: [
                #"{"type":7,"error":"Connection closed with an error. Server is restarting.","allowReconnect":true}"#
                    + "\u{1E}"
            ])
        let client = HubClient(
            endpoint: HubEndpoint(baseURLs: [server.baseURL], path: "/hub"),
            authentication: HubAuthentication(token: { "token" }), options: fastHubOptions(transports: [.webSockets]))
        let events = client.connectionEvents()
        let reason = try await Self.run(client) {
            var iterator = events.makeAsyncIterator()
            guard case .reconnecting(_, _, let reason) = await nextEvent(&iterator, where: { !$0.isUp }) else {
                return ""
            }
            return reason
        }
        #expect(reason == "the hub closed the connection: Connection closed with an error. Server is restarting.")
    }
}
