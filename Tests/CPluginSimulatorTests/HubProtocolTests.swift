import CPluginClient
import Foundation
import Testing

@testable import CPluginSimulator

/// The JSON hub protocol over WebSockets against a real server on a free port: handshake, invocations, streams,
/// client events, framing, pings and closes.
@Suite("Hub protocol")
struct HubProtocolTests {
    @Test("handshake is answered {} and followed by OnConnectionStatus")
    func handshakeAndConnectionStatus() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                let status = try await socket.next()
                #expect(status.type == 1)
                #expect(status.target == "OnConnectionStatus")
                #expect(status.invocationId == nil)
                #expect(status.arguments == [.object(["connected": .bool(true)])])
            }
        }
    }

    @Test(
        "handshake errors: unsupported protocol and version",
        arguments: [
            (#"{"protocol":"messagepack","version":1}"#, "The protocol 'messagepack' is not supported."),
            (#"{"protocol":"json","version":3}"#, "The server does not support version 3 of the 'json' protocol."),
            (
                #"{"type":1,"target":"StreamTicks","arguments":[]}"#,
                "An unexpected error occurred during connection handshake."
            ),
        ])
    func handshakeErrors(request: String, error: String) async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.send(request)
                let answer = try await socket.next()
                #expect(answer.error == error)
                #expect(answer.type == nil)
                try await socket.waitForClose()
            }
        }
    }

    @Test("json protocol versions 0 to 2 are accepted, as ASP.NET Core's JSON protocol (version 2) accepts them")
    func handshakeVersions() async throws {
        try await withHubServer { environment, port in
            for version in 0...2 {
                try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                    try await socket.send(#"{"protocol":"JSON","version":\#(version)}"#)
                    #expect(try await socket.next().isHandshakeOK)
                }
            }
        }
    }

    @Test("an invocation with an id gets a Completion with its result; one without an id gets nothing")
    func invocationResults() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send(
                    #"{"type":1,"target":"SubscribeToTicks","arguments":["EURUSD"]}"#,
                    #"{"type":1,"invocationId":"7","target":"SubscribeToTicks","arguments":["GBPUSD"],"headers":{"a":"b"}}"#
                )
                let completion = try await socket.nextNonPing()
                #expect(completion.raw == #"{"type":3,"invocationId":"7","result":null}"#)
            }
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v1") { socket in
                try await socket.handshake()
                let platform = environment.mt4.id.uuidString.lowercased()
                try await socket.send(#"{"type":1,"invocationId":"1","target":"Connect","arguments":["\#(platform)"]}"#)
                let connected = try await socket.nextNonPing()
                #expect(connected.invocationId == "1")
                #expect(connected.result == .bool(true))
                try await socket.send(#"{"type":1,"invocationId":"2","target":"Ping","arguments":[]}"#)
                #expect(try await socket.nextNonPing().raw == #"{"type":3,"invocationId":"2","result":null}"#)
            }
        }
    }

    @Test("unknown methods, bad arguments and the wrong invocation kind get ASP.NET's Completion errors")
    func invocationErrors() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send(#"{"type":1,"invocationId":"1","target":"NoSuchMethod","arguments":[]}"#)
                #expect(
                    try await socket.nextNonPing().error
                        == "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist."
                )
                try await socket.send(#"{"type":4,"invocationId":"2","target":"StreamFoo","arguments":[]}"#)
                #expect(try await socket.nextNonPing().error?.hasPrefix("Failed to invoke 'StreamFoo'") == true)
                try await socket.send(#"{"type":1,"invocationId":"3","target":"SubscribeToTicks","arguments":[1,2]}"#)
                #expect(
                    try await socket.nextNonPing().error
                        == "Failed to invoke 'SubscribeToTicks' due to an error on the server.")
                try await socket.send(#"{"type":1,"invocationId":"4","target":"StreamTrades","arguments":[]}"#)
                #expect(
                    try await socket.nextNonPing().error
                        == "The client attempted to invoke the streaming 'StreamTrades' method with a non-streaming invocation."
                )
                try await socket.send(#"{"type":4,"invocationId":"5","target":"SubscribeToTicks","arguments":["X"]}"#)
                #expect(
                    try await socket.nextNonPing().error
                        == "The client attempted to invoke the non-streaming 'SubscribeToTicks' method with a streaming invocation."
                )
            }
        }
    }

    @Test("a stream sends items until it is cancelled, then one Completion and nothing more")
    func streamThenCancel() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send(#"{"type":4,"invocationId":"s1","target":"StreamTicks","arguments":[]}"#)
                try await socket.send(#"{"type":4,"invocationId":"s2","target":"streamticks","arguments":["gbpusd"]}"#)
                try await socket.barrier()
                environment.mt4Events.publish([hubTick("EURUSD"), hubTick("GBPUSD", bid: 1.27)])
                var items: [String: [String]] = [:]
                for _ in 0..<3 {
                    let message = try await socket.nextNonPing()
                    #expect(message.type == 2)
                    items[message.invocationId ?? "", default: []].append(message.item?["symbol"]?.string ?? "")
                }
                #expect(items == ["s1": ["EURUSD", "GBPUSD"], "s2": ["GBPUSD"]])

                try await socket.send(#"{"type":5,"invocationId":"s1"}"#)
                let completion = try await socket.nextNonPing()
                #expect(completion.raw == #"{"type":3,"invocationId":"s1"}"#)
                environment.mt4Events.publish([hubTick("EURUSD"), hubTick("GBPUSD")])
                let next = try await socket.nextNonPing()
                #expect(next.invocationId == "s2")
                #expect(next.item?["symbol"]?.string == "GBPUSD")
                try await socket.expectSilence(for: .milliseconds(300))
            }
        }
    }

    @Test("every v2 stream carries its payloads")
    func allStreams() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                for (id, target) in [
                    ("m", "StreamMarginCallUpdates"), ("t", "StreamTrades"), ("u", "StreamUserUpdates"),
                    ("y", "StreamSymbolUpdates"),
                ] {
                    try await socket.send(#"{"type":4,"invocationId":"\#(id)","target":"\#(target)","arguments":[]}"#)
                }
                try await socket.barrier()
                let margin = MarginCallPayload(
                    login: 1005, group: "real", leverage: 100, updated: 0, balance: 1000, equity: 500, volumeLots: 1,
                    margin: 1000, free: -500, level: 50, controllingType: 0, levelType: 1)
                let trade = TradeUpdatePayload(
                    kind: .added, order: 9, login: 1005, symbol: "XAUUSD", cmd: 0, volumeLots: 60, openPrice: 2000,
                    openTime: nil, closePrice: 0, closeTime: nil, profit: 0)
                let user = UserUpdatePayload(
                    kind: .updated, login: 1005, group: "real", name: "A", leverage: 100, balance: 1)
                let symbol = SymbolUpdatePayload(
                    kind: .updated, symbol: "EURUSD", description: "Euro", currency: "USD", digits: 5,
                    contractSize: 100_000, tickValue: 1, tickSize: 0.00001)
                environment.mt4Events.publish([.margin(margin), .trade(trade), .user(user), .symbol(symbol)])
                var seen: [String: HubJSONValue] = [:]
                for _ in 0..<4 {
                    let message = try await socket.nextNonPing()
                    seen[message.invocationId ?? ""] = message.item
                }
                #expect(seen["m"]?["levelType"]?.number == 1)
                #expect(seen["t"]?["kind"]?.number == 0)
                #expect(seen["t"]?["volumeLots"]?.number == 60)
                #expect(seen["u"]?["login"]?.number == 1005)
                #expect(seen["y"]?["symbol"]?.string == "EURUSD")
            }
        }
    }

    @Test("OnTick arrives only for subscribed symbols, and stops after unsubscribing")
    func onTickAfterSubscribe() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await environment.waitForSubscribers(environment.mt4Events)
                environment.mt4Events.publish([hubTick("EURUSD")])
                try await socket.expectSilence(for: .milliseconds(200))

                try await socket.send(
                    #"{"type":1,"invocationId":"1","target":"SubscribeToTicks","arguments":["EURUSD"]}"#)
                #expect(try await socket.nextNonPing().invocationId == "1")
                environment.mt4Events.publish([hubTick("GBPUSD"), hubTick("EURUSD", bid: 1.2345)])
                let tick = try await socket.nextNonPing()
                #expect(tick.type == 1)
                #expect(tick.target == "OnTick")
                #expect(tick.arguments?.first?["symbol"]?.string == "EURUSD")
                #expect(tick.arguments?.first?["bid"]?.number == 1.2345)
                #expect(tick.arguments?.first?["lastTime"]?.string == "2026-01-05T12:00:31.123")

                try await socket.send(
                    #"{"type":1,"invocationId":"2","target":"UnsubscribeFromTicks","arguments":["eurusd"]}"#)
                #expect(try await socket.nextNonPing().invocationId == "2")
                environment.mt4Events.publish([hubTick("EURUSD")])
                try await socket.expectSilence(for: .milliseconds(200))
            }
        }
    }

    @Test("pump changes are sent as OnConnectionStatus as they happen")
    func connectionStatusChanges() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await environment.waitForSubscribers(environment.mt4Events)
                environment.mt4Events.publish([.connection(false)])
                let status = try await socket.nextNonPing()
                #expect(status.target == "OnConnectionStatus")
                #expect(status.arguments == [.object(["connected": .bool(false)])])
            }
        }
    }

    @Test("a message split across frames and several messages in one frame are read")
    func partialFrames() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                // The handshake in two WebSocket messages.
                try await socket.sendFrame(#"{"protocol":"js"#)
                try await socket.sendFrame("on\",\"version\":1}\u{1E}")
                #expect(try await socket.next().isHandshakeOK)
                _ = try await socket.next()
                // One message fragmented at the WebSocket level, then a frame holding the end of one message and
                // a whole second one.
                try await socket.sendFrame(#"{"type":1,"invocationId":"a","tar"#, fin: false)
                try await socket.sendFrame(#"get":"SubscribeToTicks","arguments":["EURUSD"]}"# + "\u{1E}", opcode: 0)
                try await socket.sendFrame(#"{"type":1,"invocationId":"b","target":"Subscri"#)
                try await socket.sendFrame(
                    #"beToTicks","arguments":["GBPUSD"]}"# + "\u{1E}" + #"{"type":6}"# + "\u{1E}"
                        + #"{"type":1,"invocationId":"c","target":"SubscribeToTicks","arguments":["USDJPY"]}"#
                        + "\u{1E}")
                var ids: [String] = []
                for _ in 0..<3 { ids.append(try await socket.nextNonPing().invocationId ?? "") }
                #expect(ids == ["a", "b", "c"])
            }
        }
    }

    @Test("the server pings when it has sent nothing for the keep-alive interval")
    func serverPings() async throws {
        var options = HubOptions.testing
        options.keepAliveInterval = .milliseconds(200)
        try await withHubServer(options: options) { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                #expect(try await socket.next(timeout: .seconds(3)).raw == #"{"type":6}"#)
            }
        }
    }

    @Test("a client Close is answered with Close and the end of the connection")
    func clientClose() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send(#"{"type":7}"#)
                #expect(try await socket.nextNonPing().raw == #"{"type":7}"#)
                try await socket.waitForClose()
            }
        }
    }

    @Test("malformed JSON closes the connection with an error Close")
    func protocolError() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send("{not json")
                #expect(try await socket.nextNonPing().raw == #"{"type":7,"error":"Connection closed with an error."}"#)
                try await socket.waitForClose()
            }
        }
    }

    @Test("a silent client is closed after the client timeout with a reconnectable Close")
    func clientTimeout() async throws {
        var options = HubOptions.testing
        options.clientTimeout = .milliseconds(400)
        try await withHubServer(options: options) { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                #expect(try await socket.nextNonPing(timeout: .seconds(3)).raw == #"{"type":7,"allowReconnect":true}"#)
                try await socket.waitForClose()
            }
        }
    }

    @Test("the drop-after-messages fault sends Close with allowReconnect, then closes")
    func dropAfterMessages() async throws {
        try await withHubServer { environment, port in
            environment.setFaults(FaultPlan(dropAfterMessages: 3))
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                #expect(try await socket.next().target == "OnConnectionStatus")
                try await socket.send(
                    #"{"type":1,"invocationId":"1","target":"SubscribeToTicks","arguments":["EURUSD"]}"#)
                #expect(try await socket.next().invocationId == "1")
                environment.mt4Events.publish((0..<10).map { hubTick("EURUSD", bid: 1 + Double($0) / 100) })
                let tick = try await socket.next()
                #expect(tick.target == "OnTick")
                let close = try await socket.next()
                #expect(close.raw == #"{"type":7,"allowReconnect":true}"#)
                try await socket.waitForClose()
            }
        }
    }

    @Test("the drop-every fault closes connections after that many seconds")
    func dropEvery() async throws {
        try await withHubServer { environment, port in
            environment.setFaults(FaultPlan(dropEvery: 0.3))
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                // Whatever the hub sent before it (on a loaded machine the close may come first), the close comes.
                var message = try await socket.nextNonPing(timeout: .seconds(3))
                while message.type != 7 { message = try await socket.nextNonPing(timeout: .seconds(3)) }
                #expect(message.allowReconnect == true)
                try await socket.waitForClose()
            }
        }
    }

    @Test("the message-delay fault holds messages back")
    func messageDelay() async throws {
        try await withHubServer { environment, port in
            environment.setFaults(FaultPlan(messageDelay: 0.4))
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                let start = ContinuousClock.now
                try await socket.handshake()
                #expect(ContinuousClock.now - start >= .milliseconds(350))
            }
        }
    }

    @Test("the stall fault stops all sending without closing")
    func stall() async throws {
        var options = HubOptions.testing
        options.keepAliveInterval = .milliseconds(100)
        try await withHubServer(options: options) { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                #expect(try await socket.next().type == 6)
                environment.setFaults(FaultPlan(stallAfter: 0))
                try await Task.sleep(for: .milliseconds(300))
                _ = try socket.drain()
                try await socket.expectSilenceIncludingPings(for: .milliseconds(500))
                #expect(!socket.socket.isClosed)
            }
        }
    }

    @Test("a published batch of margin updates reaches a stream whole and in order")
    func marginBatchInOrder() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v2?\(environment.mt4Query)") { socket in
                try await socket.handshake()
                _ = try await socket.next()
                try await socket.send(
                    #"{"type":4,"invocationId":"m","target":"StreamMarginCallUpdates","arguments":[]}"#)
                try await socket.barrier()
                let updates = (0..<200).map { index in
                    MarketEvent.margin(
                        MarginCallPayload(
                            login: 1_000 + index, group: "real", leverage: 100, updated: index, balance: 1000,
                            equity: 900.5, volumeLots: 1, margin: 1000, free: -99.5, level: 90.05, controllingType: 0,
                            levelType: 1))
                }
                environment.mt4Events.publish(updates)
                var logins: [Int] = []
                while logins.count < updates.count {
                    let message = try await socket.nextNonPing()
                    #expect(message.invocationId == "m")
                    logins.append(Int(message.item?["login"]?.number ?? -1))
                }
                #expect(logins == Array(1_000..<1_200))
            }
        }
    }

    @Test("the MT5 hub derives OnMarginCall and StreamMarginCallUpdates items from level-type changes")
    func mt5MarginCalls() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt5/v2?\(environment.mt5Query)") { socket in
                try await socket.handshake()
                #expect(try await socket.next().target == "OnConnectionStatus")
                try await socket.send(
                    #"{"type":4,"invocationId":"m","target":"StreamMarginCallUpdates","arguments":[]}"#)
                try await socket.barrier()
                func margin(_ levelType: Int) -> MarketEvent {
                    .margin(
                        MarginCallPayload(
                            login: 7, group: "g", leverage: 100, updated: 0, balance: 1, equity: 1, volumeLots: 1,
                            margin: 1, free: 0, level: 100, controllingType: 0, levelType: levelType))
                }
                environment.mt5Events.publish([margin(0), margin(1), margin(1), margin(2), margin(0)])
                var notices: [String] = []
                for _ in 0..<6 {
                    let message = try await socket.nextNonPing()
                    let payload = message.target == "OnMarginCall" ? message.arguments?.first : message.item
                    let text = [payload?["login"], payload?["type"], payload?["direction"]]
                        .map { $0?.number.map { String(Int($0)) } ?? "?" }.joined(separator: ",")
                    notices.append("\(message.target ?? "item"):\(text)")
                }
                #expect(
                    notices == [
                        "OnMarginCall:7,1,1", "item:7,1,1", "OnMarginCall:7,2,1", "item:7,2,1", "OnMarginCall:7,0,0",
                        "item:7,0,0",
                    ])
                try await socket.send(#"{"type":4,"invocationId":"x","target":"StreamTicks","arguments":[]}"#)
                #expect(try await socket.nextNonPing().error?.contains("Method does not exist") == true)
            }
        }
    }

    @Test("the v1 hub sends onTick(tradePlatform, {Symbol, Bid, Ask}) after SubscribeToTicks")
    func legacyTicks() async throws {
        try await withHubServer { environment, port in
            try await HubTestWebSocket.connect(port: port, "/hubs/mt4/v1") { socket in
                try await socket.handshake()
                let platform = environment.mt4.id.uuidString.lowercased()
                try await socket.send(
                    #"{"type":1,"invocationId":"1","target":"SubscribeToTicks","arguments":["\#(platform)","EURUSD"]}"#)
                #expect(try await socket.nextNonPing().invocationId == "1")
                environment.mt4Events.publish([hubTick("GBPUSD"), hubTick("EURUSD", bid: 1.5, ask: 1.6)])
                let tick = try await socket.nextNonPing()
                #expect(tick.target == "onTick")
                #expect(
                    tick.arguments == [
                        .string(platform),
                        .object(["Symbol": .string("EURUSD"), "Bid": .number(1.5), "Ask": .number(1.6)]),
                    ])
                try await socket.send(#"{"type":1,"invocationId":"2","target":"Connect","arguments":["\#(UUID())"]}"#)
                #expect(try await socket.nextNonPing().error?.contains("Unknown trade platform") == true)
            }
        }
    }
}

extension HubTestWebSocket {
    /// Asserts that not even a Ping arrives for `duration`.
    func expectSilenceIncludingPings(for duration: Duration) async throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if let unexpected = try drain().first { throw HubTestFailure("unexpected message \(unexpected)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
