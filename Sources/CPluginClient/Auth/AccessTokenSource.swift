/// Something that hands out bearer tokens and replaces one the server refused: the seam between the API clients
/// (REST, hubs) and ``TokenProvider``, so a client can be given any other source (a fixed token, a test double).
public protocol AccessTokenSource: Sendable {
    /// A token that is valid now, fetched only if the cached one is missing or due for refresh.
    func token() async throws(TokenError) -> AccessToken

    /// A replacement for `rejected` after the server answered 401 with it. If another caller already replaced it,
    /// that newer token is returned without a new request, so a burst of 401s costs one refresh.
    func refresh(rejecting rejected: AccessToken) async throws(TokenError) -> AccessToken
}
