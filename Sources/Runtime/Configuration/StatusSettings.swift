import Delivery

/// The status HTTP server (`/`, `/metrics`, `/healthz`): where it listens, and the bearer token it asks for when it is
/// reachable by more than this machine.
public struct StatusSettings: Sendable, Hashable {
    /// nil when the configuration says `listen: off`.
    public var listen: ListenAddress?
    /// Requests must carry `Authorization: Bearer <token>` when set; read from the environment or a file only.
    public var bearerToken: SecretValue?

    public init(listen: ListenAddress? = .statusDefault, bearerToken: SecretValue? = nil) {
        self.listen = listen
        self.bearerToken = bearerToken
    }
}
