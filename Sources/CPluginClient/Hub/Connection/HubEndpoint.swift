import Foundation

/// Where a hub lives: one or more base URLs (tried in order, for failover between regions), the hub's path and
/// the query it is bound by (`tradePlatform=` on the v2 hubs).
public struct HubEndpoint: Sendable, Hashable {
    public var baseURLs: [String]
    public var path: String
    public var query: [String: String]

    public init(baseURLs: [String], path: String, query: [String: String] = [:]) {
        self.baseURLs = baseURLs.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.query = query
    }

    /// `{base}/hubs/mt4/v2?tradePlatform={id}` (or `mt5`): the platform is bound per connection.
    public static func v2(baseURLs: [String], platformType: String = "MT4", platformID: String) -> HubEndpoint {
        HubEndpoint(
            baseURLs: baseURLs, path: "/hubs/\(platformType.lowercased())/v2",
            query: ["tradePlatform": platformID.lowercased()])
    }

    /// `{base}/hubs/mt4/v1`: the legacy hub, where the platform is an argument of each call.
    public static func mt4V1(baseURLs: [String]) -> HubEndpoint {
        HubEndpoint(baseURLs: baseURLs, path: "/hubs/mt4/v1")
    }

    /// The hub URL on one base, with the binding query and any extra parameters.
    func url(base: String, adding extra: [(String, String)] = [], path suffix: String = "") -> String {
        Self.url(base + path + suffix, adding: query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + extra)
    }

    /// Appends query parameters to a URL that may already have some.
    static func url(_ url: String, adding parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return url }
        let encoded = parameters.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + encoded
    }

    /// `{hub}/negotiate` keeps the hub's query (`tradePlatform=`), as the reference clients do.
    static func negotiateURL(_ hubURL: String) -> String {
        guard let question = hubURL.firstIndex(of: "?") else { return hubURL + "/negotiate" }
        return hubURL[..<question] + "/negotiate" + hubURL[question...]
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
