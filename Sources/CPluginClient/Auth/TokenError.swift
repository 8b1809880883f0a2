/// Why no access token could be had. Each message names the endpoint (never the secret) and says what to do.
public enum TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token endpoint refused the request (RFC 6749 §5.2, e.g. `invalid_client` for a wrong id or secret).
    /// Retrying with the same credentials cannot help, so the provider does not.
    case rejected(status: Int, error: String, description: String?, endpoint: String)
    /// The token endpoint could not be reached, timed out or kept failing (5xx, 429) over `attempts` tries.
    case unavailable(endpoint: String, reason: String, attempts: Int)
    /// The endpoint answered 200 with something that is not a token response, or a status that is no OAuth answer.
    case invalidResponse(endpoint: String, reason: String)
    /// `/.well-known/openid-configuration` is missing or names no usable token endpoint (an unreachable authority is
    /// ``unavailable(endpoint:reason:attempts:)`` instead).
    case discoveryFailed(authority: String, reason: String)

    /// Whether asking again later may succeed (the service was down), as opposed to a configuration problem.
    public var isTransient: Bool {
        switch self {
        case .unavailable: true
        case .rejected, .invalidResponse, .discoveryFailed: false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let status, let error, let detail, let endpoint):
            let said = detail.map { " (\($0))" } ?? ""
            let advice: String
            switch error {
            case "invalid_client":
                advice =
                    "The client id or secret is wrong, or the client is disabled. Check the credentials issued for "
                    + "this environment (mtrules reads \(ClientCredentials.clientIDVariable) and "
                    + "\(ClientCredentials.clientSecretVariable) or a secret file); sandbox and production "
                    + "credentials differ."
            case "unauthorized_client":
                advice = "This client may not use the client-credentials grant; ask CPlugin to enable it."
            case "invalid_scope":
                advice = "The client is not allowed the requested scope; the WebAPI scope is 'webapi'."
            case "unsupported_grant_type", "invalid_request":
                advice = "The token endpoint does not accept this request; check the token URL is CPlugin's."
            default:
                advice = "Check the credentials and the token URL."
            }
            return "The token endpoint \(endpoint) refused the credentials: HTTP \(status) \(error)\(said). \(advice)"
        case .unavailable(let endpoint, let reason, let attempts):
            let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
            return "Cannot get an access token from \(endpoint): \(reason) (after \(tries)). The identity server or "
                + "the network is down; mtrules keeps trying. Check connectivity to that host if this persists."
        case .invalidResponse(let endpoint, let reason):
            return "The token endpoint \(endpoint) gave an unusable answer: \(reason). Check the token URL points at "
                + "CPlugin's identity server."
        case .discoveryFailed(let authority, let reason):
            return "OpenID discovery at \(authority) failed: \(reason). Check the authority URL, or configure the "
                + "token endpoint explicitly."
        }
    }
}
