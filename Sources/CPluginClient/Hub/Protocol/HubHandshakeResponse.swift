/// The server's answer to the handshake: accepted (`{}`), or refused with a reason (`{"error":"…"}`).
public struct HubHandshakeResponse: Sendable, Hashable {
    /// Why the server refused the handshake; nil when it accepted.
    public var error: String?
    /// Newer servers announce the protocol's minor version; informational.
    public var minorVersion: Int?

    public init(error: String? = nil, minorVersion: Int? = nil) {
        self.error = error
        self.minorVersion = minorVersion
    }

    public var isAccepted: Bool { error == nil }
}
