import Foundation

/// Where the OAuth token endpoint is: given outright, or found through OpenID Connect discovery, so a deployment
/// whose identity server moves its endpoint keeps working without a configuration change.
public enum TokenEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The token endpoint itself, e.g. `https://auth.cplugin.net/connect/token`.
    case url(URL)
    /// An authority whose `/.well-known/openid-configuration` names the token endpoint (`token_endpoint`).
    case discovery(authority: URL)

    /// The discovery document of an authority.
    public static func discoveryDocumentURL(authority: URL) -> URL {
        URL(string: CPluginEnvironment.trimmed(authority) + "/.well-known/openid-configuration")!
    }

    public var description: String {
        switch self {
        case .url(let url): url.absoluteString
        case .discovery(let authority): "discovery at \(CPluginEnvironment.trimmed(authority))"
        }
    }
}
