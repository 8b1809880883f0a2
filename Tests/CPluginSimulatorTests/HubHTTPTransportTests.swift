import Foundation
import Testing

@testable import CPluginSimulator

/// Negotiate, authorization and the HTTP transports (Server-Sent Events, long polling) at the HTTP level.
@Suite("Hub HTTP transports")
struct HubHTTPTransportTests {
    @Test("negotiate without negotiateVersion answers version 0: connectionId only, used as the id")
    func negotiateVersion0() async throws {
        try await withHubServer { environment, port in
            let reply = try await hubHTTP(
                port: port, "POST", "/hubs/mt4/v2/negotiate?\(environment.mt4Query)", headers: hubBearer)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            let body = try reply.json()
            #expect(body["negotiateVersion"] == .number(0))
            #expect(body["connectionToken"] == nil)
            let id = try #require(body["connectionId"]?.string)
            let transports = body["availableTransports"].flatMap { value -> [String]? in
                guard case .array(let items) = value else { return nil }
                return items.compactMap { $0["transport"]?.string }
            }
            #expect(transports == ["WebSockets", "ServerSentEvents", "LongPolling"])
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)&id=\(id)") { socket in
                try await socket.handshake()
            }
        }
    }

    @Test("negotiate version 1 answers a separate connectionToken, which is the transports' id")
    func negotiateVersion1() async throws {
        try await withHubServer { environment, port in
            let reply = try await hubHTTP(
                port: port, "POST", "/hubs/mt4/v2/negotiate?negotiateVersion=1&\(environment.mt4Query)",
                headers: hubBearer)
            let body = try reply.json()
            #expect(body["negotiateVersion"] == .number(1))
            let id = try #require(body["connectionId"]?.string)
            let token = try #require(body["connectionToken"]?.string)
            #expect(id != token)
            #expect(try await HubTestWebSocket.upgradeStatus(port: port, "/hubs/mt4/v2?id=\(id)") == 400)
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?id=\(token)") { socket in
                try await socket.handshake()
            }
            let later = try await hubHTTP(
                port: port, "POST", "/hubs/mt4/v2/negotiate?negotiateVersion=7&\(environment.mt4Query)",
                headers: hubBearer)
            #expect(try later.json()["negotiateVersion"] == .number(1))
            let bad = try await hubHTTP(
                port: port, "POST", "/hubs/mt4/v2/negotiate?negotiateVersion=x&\(environment.mt4Query)",
                headers: hubBearer)
            #expect(try bad.json()["error"]?.string == "The client requested an invalid protocol version 'x'")
        }
    }

    @Test("no or a bad bearer token is 401 on negotiate and on every transport request")
    func unauthorized() async throws {
        try await withHubServer { environment, port in
            let hub = "/hubs/mt4/v2"
            let missing = try await hubHTTP(port: port, "POST", "\(hub)/negotiate?\(environment.mt4Query)")
            #expect(missing.status == 401)
            #expect(missing.headers["www-authenticate"] == "Bearer")
            let wrong = try await hubHTTP(
                port: port, "POST", "\(hub)/negotiate?\(environment.mt4Query)",
                headers: ["Authorization": "Bearer nope"])
            #expect(wrong.status == 401)
            #expect(wrong.headers["www-authenticate"] == #"Bearer error="invalid_token""#)

            let negotiated = try await hubHTTP(
                port: port, "POST", "\(hub)/negotiate?\(environment.mt4Query)", headers: hubBearer)
            let id = try #require(try negotiated.json()["connectionId"]?.string)
            for method in ["GET", "POST", "DELETE"] {
                #expect(try await hubHTTP(port: port, method, "\(hub)?id=\(id)").status == 401)
            }
            #expect(
                try await hubHTTP(port: port, "GET", "\(hub)?id=\(id)", headers: ["Accept": "text/event-stream"]).status
                    == 401)
            // hummingbird-websocket answers every refused upgrade with 400.
            #expect(try await HubTestWebSocket.upgradeStatus(port: port, "\(hub)?id=\(id)", headers: [:]) == 400)

            for name in ["access_token", "signalr_token"] {
                let byQuery = try await hubHTTP(
                    port: port, "POST", "\(hub)/negotiate?\(environment.mt4Query)&\(name)=\(HubTestEnvironment.token)")
                #expect(byQuery.status == 200)
            }
        }
    }

    @Test("a missing or malformed tradePlatform is 400, an unknown one 404")
    func platformBinding() async throws {
        try await withHubServer { environment, port in
            var statuses: [Int] = []
            for target in [
                "/hubs/mt4/v2/negotiate", "/hubs/mt4/v2/negotiate?tradePlatform=abc",
                "/hubs/mt4/v2/negotiate?tradePlatform=\(UUID())", "/hubs/mt4/v2/negotiate?\(environment.mt5Query)",
                "/hubs/mt5/v2/negotiate?\(environment.mt5Query)", "/hubs/mt4/v1/negotiate",
            ] {
                statuses.append(try await hubHTTP(port: port, "POST", target, headers: hubBearer).status)
            }
            #expect(statuses == [400, 400, 404, 404, 200, 200])
            let upgrade = try await HubTestWebSocket.upgradeStatus(port: port, "/hubs/mt4/v2?tradePlatform=\(UUID())")
            #expect(upgrade == 400)
        }
    }

    @Test("transport requests for no id are 400, for an unknown id 404")
    func unknownConnection() async throws {
        try await withHubServer { _, port in
            #expect(try await hubHTTP(port: port, "GET", "/hubs/mt4/v2", headers: hubBearer).status == 400)
            let unknown = try await hubHTTP(port: port, "GET", "/hubs/mt4/v2?id=nope", headers: hubBearer)
            #expect(unknown.status == 404)
            #expect(unknown.text == "No Connection with that ID")
            #expect(try await hubHTTP(port: port, "POST", "/hubs/mt4/v2?id=nope", headers: hubBearer).status == 404)
            #expect(try await HubTestWebSocket.upgradeStatus(port: port, "/hubs/mt4/v2?id=nope") == 400)
        }
    }

    @Test("refuseNegotiate answers 503 that many times; refuseWebSockets drops WebSockets from negotiate")
    func refusalFaults() async throws {
        try await withHubServer { environment, port in
            let target = "/hubs/mt4/v2/negotiate?\(environment.mt4Query)"
            environment.setFaults(FaultPlan(refuseNegotiate: 2))
            #expect(try await hubHTTP(port: port, "POST", target, headers: hubBearer).status == 503)
            #expect(try await hubHTTP(port: port, "POST", target, headers: hubBearer).status == 503)
            #expect(try await hubHTTP(port: port, "POST", target, headers: hubBearer).status == 200)

            environment.setFaults(FaultPlan(refuseWebSockets: true))
            let body = try await hubHTTP(port: port, "POST", target, headers: hubBearer).json()
            guard case .array(let transports) = body["availableTransports"] else {
                Issue.record("no availableTransports")
                return
            }
            #expect(transports.compactMap { $0["transport"]?.string } == ["ServerSentEvents", "LongPolling"])
            #expect(try await HubTestWebSocket.upgradeStatus(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") == 400)
        }
    }

    @Test("Server-Sent Events round trip: data events down, POSTs up")
    func serverSentEvents() async throws {
        try await withHubServer { environment, port in
            let hub = "/hubs/mt4/v2"
            let negotiated = try await hubHTTP(
                port: port, "POST", "\(hub)/negotiate?negotiateVersion=1&\(environment.mt4Query)", headers: hubBearer)
            let id = try #require(try negotiated.json()["connectionToken"]?.string)
            try await HubTestSocket.connect(port: port) { socket in
                try await socket.write(
                    "GET \(hub)?id=\(id) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer \(HubTestEnvironment.token)\r\n\r\n")
                let reader = HubTestEventStream(socket: socket)
                let head = try await reader.head()
                #expect(head.status == 200)
                #expect(head.headers["content-type"] == "text/event-stream")

                func post(_ message: String) async throws {
                    let reply = try await hubHTTP(
                        port: port, "POST", "\(hub)?id=\(id)", headers: hubBearer,
                        body: Array((message + "\u{1E}").utf8))
                    #expect(reply.status == 200)
                }
                try await post(#"{"protocol":"json","version":1}"#)
                #expect(try await reader.next().isHandshakeOK)
                #expect(try await reader.next().target == "OnConnectionStatus")
                try await post(#"{"type":4,"invocationId":"s","target":"StreamTicks","arguments":["EURUSD"]}"#)
                // The server answers an invocation only after the messages before it, so once this one is answered
                // the stream is registered and nothing published from here on can be missed.
                try await post(#"{"type":1,"invocationId":"barrier","target":"TestBarrier","arguments":[]}"#)
                while try await reader.next().invocationId != "barrier" {}
                environment.mt4Events.publish([hubTick("EURUSD"), hubTick("USDJPY"), hubTick("EURUSD", bid: 2)])
                let first = try await reader.next()
                let second = try await reader.next()
                #expect([first.item?["bid"]?.number, second.item?["bid"]?.number] == [1.1, 2])
                #expect(reader.events > 0)
                // A second event stream for the same connection is refused.
                #expect(
                    try await hubHTTP(
                        port: port, "GET", "\(hub)?id=\(id)",
                        headers: hubBearer.merging(["Accept": "text/event-stream"]) { a, _ in a }
                    ).status == 409)
                try await post(#"{"type":7}"#)
                #expect(try await reader.next().raw == #"{"type":7}"#)
                try await reader.waitForEnd()
            }
        }
    }

    @Test("long polling round trip: first poll empty, data, empty after the poll timeout, DELETE then 204")
    func longPolling() async throws {
        try await withHubServer { environment, port in
            let hub = "/hubs/mt4/v2"
            let negotiated = try await hubHTTP(
                port: port, "POST", "\(hub)/negotiate?\(environment.mt4Query)", headers: hubBearer)
            let id = try #require(try negotiated.json()["connectionId"]?.string)
            func poll() async throws -> HubHTTPResponse {
                try await hubHTTP(port: port, "GET", "\(hub)?id=\(id)", headers: hubBearer)
            }
            func post(_ message: String) async throws {
                let reply = try await hubHTTP(
                    port: port, "POST", "\(hub)?id=\(id)", headers: hubBearer, body: Array((message + "\u{1E}").utf8))
                #expect(reply.status == 200)
            }
            let first = try await poll()
            #expect(first.status == 200)
            #expect(first.body.isEmpty)

            try await post(#"{"protocol":"json","version":1}"#)
            var bytes = try await poll().body
            let opening = try HubTestMessage.records(&bytes)
            #expect(opening.first?.isHandshakeOK == true)
            #expect(opening.dropFirst().first?.target == "OnConnectionStatus")

            try await post(#"{"type":1,"invocationId":"1","target":"SubscribeToTicks","arguments":["EURUSD"]}"#)
            bytes = try await poll().body
            #expect(try HubTestMessage.records(&bytes).map(\.invocationId) == ["1"])
            environment.mt4Events.publish([hubTick("EURUSD"), hubTick("EURUSD", bid: 3)])
            // A poll answers as soon as anything is queued, so the two ticks may take two polls.
            var ticks: [HubTestMessage] = []
            for _ in 0..<5 where ticks.count < 2 {
                bytes = try await poll().body
                ticks += try HubTestMessage.records(&bytes)
            }
            #expect(ticks.map(\.target) == ["OnTick", "OnTick"])

            let start = ContinuousClock.now
            let idle = try await poll()
            #expect(idle.status == 200)
            #expect(idle.body.isEmpty)
            #expect(ContinuousClock.now - start >= .milliseconds(800))

            // A poll waiting when the client deletes the connection ends with 204.
            async let waiting = poll()
            try await Task.sleep(for: .milliseconds(200))
            let deleted = try await hubHTTP(port: port, "DELETE", "\(hub)?id=\(id)", headers: hubBearer)
            #expect(deleted.status == 202)
            #expect(try await waiting.status == 204)
            #expect(try await poll().status == 404)
        }
    }
}

/// Reads a Server-Sent Events response from a raw socket: the head, then `data:` events out of the chunked body.
final class HubTestEventStream {
    let socket: HubTestSocket
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private var messages: [HubTestMessage] = []
    private var headRead = false
    private(set) var events = 0

    init(socket: HubTestSocket) {
        self.socket = socket
    }

    func head() async throws -> (status: Int, headers: [String: String]) {
        try await socket.wait(for: "the event stream head") { bytes, _ in
            guard let head = HubHTTPResponse.parseHead(bytes) else { return nil }
            bytes.removeFirst(head.bodyStart)
            self.headRead = true
            return (head.status, head.headers)
        }
    }

    func next(timeout: Duration = .seconds(5)) async throws -> HubTestMessage {
        if !messages.isEmpty { return messages.removeFirst() }
        try await socket.wait(for: "an event", timeout: timeout) { bytes, closed in
            self.raw.append(contentsOf: bytes)
            bytes.removeAll()
            _ = HubHTTPResponse.dechunk(&self.raw, into: &self.body)
            try self.parseEvents()
            if !self.messages.isEmpty { return true }
            if closed { throw HubTestFailure("the event stream ended") }
            return nil
        }
        return messages.removeFirst()
    }

    /// Waits for the last chunk of the response: the server ended the stream.
    func waitForEnd(timeout: Duration = .seconds(5)) async throws {
        try await socket.wait(for: "the end of the event stream", timeout: timeout) { bytes, closed in
            self.raw.append(contentsOf: bytes)
            bytes.removeAll()
            return HubHTTPResponse.dechunk(&self.raw, into: &self.body) || closed ? true : nil
        }
    }

    private func parseEvents() throws {
        let text = String(decoding: body, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n", options: .backwards) else { return }
        let complete = text[..<end.upperBound]
        body.removeFirst(complete.utf8.count)
        for event in complete.components(separatedBy: "\r\n\r\n") where !event.isEmpty {
            var data: [UInt8] = []
            for line in event.components(separatedBy: "\r\n") where line.hasPrefix("data: ") {
                data.append(contentsOf: line.dropFirst(6).utf8)
            }
            guard !data.isEmpty else { continue }
            events += 1
            messages.append(contentsOf: try HubTestMessage.records(&data))
        }
    }
}
