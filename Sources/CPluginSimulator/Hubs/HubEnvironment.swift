import Foundation

/// What the SignalR hubs need from the rest of the simulator. The server implements it; hub tests may stub it.
public protocol HubEnvironment: Sendable {
    /// The platform with this id (the `tradePlatform` query parameter of hub v2, the argument of v1 `Connect`).
    func platform(id: UUID) -> SimulatedPlatform?
    /// The platform's event fan-out; every hub connection bound to it subscribes here.
    func broadcaster(for platformID: UUID) -> EventBroadcaster?
    /// Whether the platform's data pump is up now (sent as `OnConnectionStatus` after the handshake).
    func isPumpConnected(_ platformID: UUID) -> Bool
    /// Whether a bearer token (from the `Authorization` header or `access_token` / `signalr_token` query
    /// parameter) is valid and unexpired.
    func isAuthorized(token: String) async -> Bool
    /// The faults in force now; read on every connection and message so tests can change them while running.
    func faults() -> FaultPlan
}
