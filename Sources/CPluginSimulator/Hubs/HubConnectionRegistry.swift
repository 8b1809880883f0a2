import Synchronization

/// The live connections of all hubs, by the `id` their transports send, plus the refusal count of the
/// `refuseNegotiate` fault. Connections leave when their run loop ends; negotiated ones no transport picked up are
/// swept after the disconnect timeout, as ASP.NET's connection manager does.
final class HubConnectionRegistry: Sendable {
    private struct State {
        var connections: [String: HubConnection] = [:]
        var refusalPlan: Int?
        var refused = 0
    }

    private let state = Mutex(State())

    func insert(_ connection: HubConnection) {
        state.withLock { $0.connections[connection.key] = connection }
    }

    func connection(forKey key: String) -> HubConnection? {
        state.withLock { $0.connections[key] }
    }

    func remove(_ connection: HubConnection) {
        state.withLock { state in
            if state.connections[connection.key] === connection { state.connections[connection.key] = nil }
        }
    }

    var count: Int { state.withLock { $0.connections.count } }

    /// Runs a connection of an HTTP transport in its own task the first time a request touches it; the connection
    /// outlives the requests (polls, posts) that drive it.
    func startIfNeeded(_ connection: HubConnection) {
        guard connection.markStarted() else { return }
        Task {
            await connection.run()
            self.remove(connection)
        }
    }

    /// Drops negotiated connections that no transport started within `timeout`.
    func sweep(olderThan timeout: Duration) {
        let now = ContinuousClock.now
        let stale = state.withLock { state in
            let stale = state.connections.values.filter { !$0.isStarted && now - $0.createdAt >= timeout }
            for connection in stale { state.connections[connection.key] = nil }
            return stale
        }
        for connection in stale { connection.finish(.gone) }
    }

    /// Whether the `refuseNegotiate` fault refuses this negotiate: the first N after the plan changed, or all for -1.
    func refusesNegotiate(_ plan: Int?) -> Bool {
        state.withLock { state in
            guard let plan, plan != 0 else {
                state.refusalPlan = nil
                state.refused = 0
                return false
            }
            if state.refusalPlan != plan {
                state.refusalPlan = plan
                state.refused = 0
            }
            if plan < 0 { return true }
            guard state.refused < plan else { return false }
            state.refused += 1
            return true
        }
    }
}
