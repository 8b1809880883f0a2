import CPluginClient
import Foundation
import Hummingbird
import Synchronization

/// The hub protocol side of a connection: handshake, invocations and streams.
extension HubConnection {

    /// Handles one complete message; false once the connection ended.
    func handle(_ record: [UInt8]) -> Bool {
        if state.withLock({ $0.ended }) { return false }
        guard state.withLock({ $0.handshakeDone }) else { return handshake(record) }
        guard let message = try? HubInboundMessage.decode(record) else {
            finish(.protocolError)
            return false
        }
        switch message.type {
        case 1, 4:
            return invoke(message, streaming: message.type == 4)
        case 5:
            if let id = message.invocationId {
                router.endStream(id: id) { bytes, count in send(bytes, messages: count) }
            }
        case 6:
            break
        case 7:
            finish(.clientClosed)
            return false
        case 2, 3, 8, 9:
            // Upload stream items, client results and stateful-reconnect acks: none of this hub's methods use them
            // and ASP.NET ignores ones it cannot place.
            break
        default:
            finish(.protocolError)
            return false
        }
        return true
    }

    /// The first message must be the handshake request; answers as ASP.NET Core's `HubConnectionContext` does.
    /// Its JSON protocol is version 2 and accepts any version up to that, which matters: `signalrcore` sends the
    /// negotiate version (0) as the protocol version.
    func handshake(_ record: [UInt8]) -> Bool {
        guard let request = try? HubHandshakeRequest.decode(record) else {
            finish(.handshakeFailed("An unexpected error occurred during connection handshake."))
            return false
        }
        guard request.protocol.lowercased() == "json" else {
            finish(.handshakeFailed("The protocol '\(request.protocol)' is not supported."))
            return false
        }
        guard request.version <= 2 else {
            finish(
                .handshakeFailed(
                    "The server does not support version \(request.version) of the '\(request.protocol)' protocol."))
            return false
        }
        state.withLock { state in
            state.handshakeDone = true
            state.lastReceived = .now
        }
        // The handshake answer is not a hub message, so it does not count toward `dropAfterMessages`.
        send(HubWire.handshakeResponse(error: nil), messages: 0)
        if let platform, hub.bindsPlatformByQuery {
            router.exclusively {
                bind(platform.id)
                send(HubEventRouter.connectionStatus(environment.isPumpConnected(platform.id)), messages: 1)
            }
        }
        return true
    }

    func invoke(_ message: HubInboundMessage, streaming: Bool) -> Bool {
        guard let target = message.target, let arguments = message.arguments else {
            finish(.protocolError)
            return false
        }
        let id = message.blockingInvocationID
        if streaming && id == nil {
            finish(.protocolError)
            return false
        }
        func fail(_ error: String) {
            if let id { send(HubWire.completion(invocationID: id, .error(error)), messages: 1) }
        }
        // ASP.NET binds arguments while parsing, so an unknown method is reported as a binding failure.
        guard let method = hub.method(named: target) else {
            fail("Failed to invoke '\(target)' due to an error on the server. HubException: Method does not exist.")
            return true
        }
        guard let call = HubCall(method: method, arguments: arguments) else {
            fail("Failed to invoke '\(target)' due to an error on the server.")
            return true
        }
        if method.isStreaming != streaming {
            if streaming {
                fail("The client attempted to invoke the non-streaming '\(target)' method with a streaming invocation.")
            } else {
                fail("The client attempted to invoke the streaming '\(target)' method with a non-streaming invocation.")
            }
            return true
        }
        if let streams = message.streamIds, !streams.isEmpty {
            fail(
                "An unexpected error occurred invoking '\(target)' on the server. HubException: Client sent "
                    + "\(streams.count) stream(s), Hub method expects 0.")
            return true
        }
        switch execute(call, target: target, invocationID: id) {
        case .result(let json):
            if let id { send(HubWire.completion(invocationID: id, .result(json)), messages: 1) }
        case .error(let error):
            fail(error)
        case .streaming:
            break
        }
        return true
    }

    enum Outcome {
        case result(String)
        case error(String)
        case streaming
    }

    func execute(_ call: HubCall, target: String, invocationID: String?) -> Outcome {
        switch call {
        case .subscribeToTicks(let symbols):
            router.subscribeTicks(symbols)
            return .result("null")
        case .unsubscribeFromTicks(let symbols):
            router.unsubscribeTicks(symbols)
            return .result("null")
        case .stream(let kind, let symbol):
            guard let invocationID else { return .streaming }
            guard router.startStream(id: invocationID, kind: kind, symbol: symbol) else {
                return .error("Invocation ID '\(invocationID)' is already in use.")
            }
            return .streaming
        case .legacyConnect(let platformID):
            guard let platform = legacyPlatform(platformID) else { return unknownPlatform(platformID, target) }
            bind(platform.id)
            return .result(environment.isPumpConnected(platform.id) ? "true" : "false")
        case .legacyPing:
            return .result("null")
        case .legacySubscribeToTicks(let platformID, let symbol):
            guard let platform = legacyPlatform(platformID) else { return unknownPlatform(platformID, target) }
            bind(platform.id)
            router.subscribeLegacyTicks(platform: platform.id, symbol: symbol)
            return .result("null")
        case .legacyUnsubscribeFromTicks(let platformID, let symbol):
            router.unsubscribeLegacyTicks(platform: platformID, symbol: symbol)
            return .result("null")
        }
    }

    func legacyPlatform(_ id: UUID) -> SimulatedPlatform? {
        guard let platform = environment.platform(id: id), platform.type == hub.platformType else { return nil }
        return platform
    }

    func unknownPlatform(_ id: UUID, _ target: String) -> Outcome {
        .error(
            "An unexpected error occurred invoking '\(target)' on the server. HubException: Unknown trade platform "
                + "'\(id.uuidString.lowercased())'.")
    }
}
