import CPluginClient
import CPluginSimulator
import Foundation
import Synchronization

/// Options for tests: pings and timeouts in seconds rather than tens of seconds, quick reconnects.
func fastHubOptions(
    transports: [HubTransportKind] = HubTransportKind.allCases, serverTimeout: Duration = .seconds(10),
    maxMessageBytes: Int = 1 << 20
) -> HubClientOptions {
    HubClientOptions(
        transports: transports, keepAliveInterval: .seconds(1), serverTimeout: serverTimeout,
        handshakeTimeout: .seconds(10), reconnectDelays: [.zero, .milliseconds(100), .milliseconds(300)],
        reconnectJitter: 0.1, maxMessageBytes: maxMessageBytes, longPollTimeout: .seconds(10),
        requestTimeout: .seconds(10))
}

extension SimulatorFixture {
    /// Tokens straight from the simulator's issuer, so hub tests do not depend on the token provider.
    var issuerAuthentication: HubAuthentication {
        let issuer = server.issuer
        let credentials = server.configuration.credentials
        return HubAuthentication(token: {
            try issuer.issue(
                grantType: "client_credentials", clientID: credentials.clientID,
                clientSecret: credentials.clientSecret, scope: "webapi"
            ).accessToken
        })
    }

    func hub(
        transports: [HubTransportKind] = HubTransportKind.allCases, version: PlatformHub.HubVersion = .v2,
        options: HubClientOptions? = nil
    ) -> PlatformHub {
        PlatformHub(
            baseURLs: [endpoints.apiBaseURL], platformID: mt4, version: version,
            authentication: issuerAuthentication, options: options ?? fastHubOptions(transports: transports))
    }
}

/// Runs `body` while `hub` runs, and stops the hub afterwards; fails if `body` takes longer than `seconds`.
func whileRunning<T: Sendable>(
    _ hub: PlatformHub, seconds: Double = 30, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await hub.run()
            return nil
        }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw FixtureFailure("the test did not finish within \(seconds) s")
        }
        group.addTask { try await body() }
        while let result = try await group.next() {
            if let result {
                group.cancelAll()
                return result
            }
        }
        throw FixtureFailure("the hub stopped before the test finished")
    }
}

/// The next event that matches, from a connection-event stream.
func nextEvent(
    _ iterator: inout AsyncStream<HubConnectionEvent>.Iterator, where matches: (HubConnectionEvent) -> Bool
) async -> HubConnectionEvent? {
    while let event = await iterator.next() {
        if matches(event) { return event }
    }
    return nil
}

extension HubConnectionEvent {
    var isUp: Bool {
        switch self {
        case .connected, .reconnected: true
        default: false
        }
    }

    var info: HubConnectionInfo? {
        switch self {
        case .connected(let info), .reconnected(let info): info
        default: nil
        }
    }
}

/// Collects values from concurrent tasks.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// A number tasks share: one writes, others read.
final class Tally: Sendable {
    private let atomic = Atomic<Int>(0)
    var value: Int { atomic.load(ordering: .relaxed) }
    func add(_ amount: Int) { atomic.add(amount, ordering: .relaxed) }
    func store(_ value: Int) { atomic.store(value, ordering: .relaxed) }
}
