/// A bearer token from the token endpoint, with when it stops being usable.
///
/// The token's text is a credential too: it is never part of `description`, so tokens can appear in logs and errors.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable
{
    /// The text for `Authorization: Bearer …` (or a hub's `access_token` query parameter).
    public let value: String
    /// When the server stops accepting it, measured from when it was requested (so a slow answer errs early).
    public let expiresAt: ContinuousClock.Instant
    /// When the provider fetches a new one instead of handing this one out.
    public let refreshAt: ContinuousClock.Instant
    /// `expires_in` as the server gave it.
    public let lifetime: Duration

    public init(
        value: String, expiresAt: ContinuousClock.Instant, refreshAt: ContinuousClock.Instant, lifetime: Duration
    ) {
        self.value = value
        self.expiresAt = expiresAt
        self.refreshAt = refreshAt
        self.lifetime = lifetime
    }

    /// The `Authorization` header value.
    public var authorization: String { "Bearer \(value)" }

    public var description: String { "AccessToken(<redacted>, lifetime \(lifetime))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["lifetime": lifetime], displayStyle: .struct) }
}
