import Foundation

/// Which CPlugin WebAPI deployment to talk to: its API base URLs (tried in order, so a region that is down is skipped),
/// its OAuth token endpoint, and the x86 sidecar that serves the 32-bit-only calls (`MailSend`, `NewsSend`).
///
/// Use ``production``, ``sandbox``, ``custom(apiBaseURLs:tokenEndpoint:sidecarBaseURL:)``, or parse the
/// `--env production|sandbox|URL` form with ``init(parsing:)``.
public struct CPluginEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// Which kind of deployment this is, for messages and defaults.
    public enum Kind: String, Sendable, Hashable {
        case production, sandbox, custom
    }

    public var kind: Kind
    /// The base URL tried first (e.g. `https://cloud.mywebapi.com`).
    public var primaryBaseURL: URL
    /// Further base URLs, tried in this order when the ones before are down.
    public var fallbackBaseURLs: [URL]
    public var tokenEndpoint: TokenEndpoint
    /// The x86 sidecar's base URL; nil means the API base URLs serve the sidecar calls too.
    public var sidecarBaseURL: URL?

    /// Every API base URL in failover order; never empty.
    public var apiBaseURLs: [URL] { [primaryBaseURL] + fallbackBaseURLs }

    /// The base URLs for sidecar calls, in failover order: the sidecar if configured, else the API base URLs.
    public var sidecarBaseURLs: [URL] { sidecarBaseURL.map { [$0] } ?? apiBaseURLs }

    public init(
        kind: Kind, primaryBaseURL: URL, fallbackBaseURLs: [URL] = [], tokenEndpoint: TokenEndpoint,
        sidecarBaseURL: URL? = nil
    ) {
        self.kind = kind
        self.primaryBaseURL = primaryBaseURL
        self.fallbackBaseURLs = fallbackBaseURLs
        self.tokenEndpoint = tokenEndpoint
        self.sidecarBaseURL = sidecarBaseURL
    }

    /// CPlugin's hosted production service. Its sidecar host is not public: set ``sidecarBaseURL`` to the one CPlugin
    /// gives you, or the sidecar calls go to the API host (which answers 404 for them).
    public static let production = CPluginEnvironment(
        kind: .production, primaryBaseURL: URL(string: "https://cloud.mywebapi.com")!,
        tokenEndpoint: .url(URL(string: "https://auth.cplugin.net/connect/token")!))

    /// CPlugin's pre-production service, with its public x86 sidecar.
    public static let sandbox = CPluginEnvironment(
        kind: .sandbox, primaryBaseURL: URL(string: "https://pre.mywebapi.com")!,
        tokenEndpoint: .url(URL(string: "https://pre.auth.cplugin.net/connect/token")!),
        sidecarBaseURL: URL(string: "https://pre-x86.mywebapi.com")!)

    /// Any other deployment (a self-hosted WebAPI, a regional list, the simulator).
    /// - Parameters:
    ///   - apiBaseURLs: http(s) base URLs in failover order; at least one.
    ///   - tokenEndpoint: defaults to discovery at the first base URL, which is where the simulator serves it.
    ///   - sidecarBaseURL: defaults to the API base URLs.
    public static func custom(
        apiBaseURLs: [URL], tokenEndpoint: TokenEndpoint? = nil, sidecarBaseURL: URL? = nil
    ) throws(EnvironmentError) -> CPluginEnvironment {
        guard let first = apiBaseURLs.first else { throw .noBaseURL }
        for url in apiBaseURLs + [sidecarBaseURL].compactMap(\.self) { try validate(url) }
        switch tokenEndpoint {
        case .url(let url): try validate(url)
        case .discovery(let authority): try validate(authority)
        case nil: break
        }
        return CPluginEnvironment(
            kind: .custom, primaryBaseURL: first, fallbackBaseURLs: Array(apiBaseURLs.dropFirst()),
            tokenEndpoint: tokenEndpoint ?? .discovery(authority: first), sidecarBaseURL: sidecarBaseURL)
    }

    public var description: String {
        var text =
            "\(kind.rawValue) (API \(apiBaseURLs.map(Self.trimmed).joined(separator: ", ")); token \(tokenEndpoint)"
        if let sidecarBaseURL { text += "; sidecar \(Self.trimmed(sidecarBaseURL))" }
        return text + ")"
    }

    /// Only absolute http(s) URLs with a host make sense as a base; anything else is a configuration mistake.
    static func validate(_ url: URL) throws(EnvironmentError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { throw .invalidURL(url.absoluteString) }
        guard url.query == nil, url.fragment == nil else { throw .invalidURL(url.absoluteString) }
    }

    /// A URL's text without trailing slashes, so paths can be appended to it.
    static func trimmed(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
