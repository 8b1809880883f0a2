import Synchronization

/// How the hub client gets an access token, and how it trades one the server rejected (401 at negotiate) for a
/// fresh one: once, since a second rejection means the client may not use the hub, not that the token was stale.
public struct HubAuthentication: Sendable {
    public var token: @Sendable () async throws -> String
    public var refresh: @Sendable (_ rejected: String) async throws -> String

    public init(
        token: @escaping @Sendable () async throws -> String,
        refresh: (@Sendable (_ rejected: String) async throws -> String)? = nil
    ) {
        self.token = token
        self.refresh = refresh ?? { _ in try await token() }
    }

    /// Tokens from a `TokenProvider` (or any source): cached, refreshed ahead of expiry, shared with REST calls.
    public init(source: some AccessTokenSource) {
        let issued = IssuedTokens()
        self.init(
            token: {
                let token = try await source.token()
                issued.remember(token)
                return token.value
            },
            refresh: { rejected in
                guard let known = issued.token(rejected) else { return try await source.token().value }
                let fresh = try await source.refresh(rejecting: known)
                issued.remember(fresh)
                return fresh.value
            })
    }

    /// The tokens handed out, by value, so a rejected one can be named to the source as it issued it.
    private final class IssuedTokens: Sendable {
        private let tokens = Mutex<[String: AccessToken]>([:])

        func remember(_ token: AccessToken) {
            tokens.withLock { tokens in
                if tokens.count > 8 { tokens.removeAll() }
                tokens[token.value] = token
            }
        }

        func token(_ value: String) -> AccessToken? { tokens.withLock { $0[value] } }
    }
}
