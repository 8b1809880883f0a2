import Foundation
import HTTPTypes
import Hummingbird

/// `POST /connect/token` and `/.well-known/openid-configuration`, answering as IdentityServer4 does.
struct OAuthRoutes: Sendable {
    let issuer: TokenIssuer
    /// The public base URL, for the discovery document.
    let baseURL: @Sendable () -> String

    func add(to router: Router<BasicRequestContext>) {
        router.post("/connect/token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let form = HTTPResponses.form(body)
            var clientID = form["client_id"]
            var clientSecret = form["client_secret"]
            var usedBasic = false
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
                let data = Data(base64Encoded: String(header.dropFirst(6))),
                let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":")
            {
                usedBasic = true
                clientID = String(pair[..<colon]).removingPercentEncoding
                clientSecret = String(pair[pair.index(after: colon)...]).removingPercentEncoding
            }
            let result = Result { () throws(TokenIssuer.Failure) -> TokenIssuer.IssuedToken in
                try issuer.issue(
                    grantType: form["grant_type"], clientID: clientID, clientSecret: clientSecret, scope: form["scope"])
            }
            switch result {
            case .success(let token):
                return HTTPResponses.json(
                    TokenResponse(
                        accessToken: token.accessToken, expiresIn: token.expiresIn, tokenType: "Bearer",
                        scope: TokenIssuer.scope),
                    headers: [.cacheControl: "no-store, no-cache, max-age=0", HTTPField.Name("Pragma")!: "no-cache"])
            case .failure(let error):
                let name: String
                switch error {
                case .invalidClient: name = "invalid_client"
                case .unsupportedGrantType: name = "unsupported_grant_type"
                case .invalidScope: name = "invalid_scope"
                case .invalidRequest: name = "invalid_request"
                }
                // RFC 6749 §5.2: 401 when the client authenticated with HTTP Basic, 400 otherwise.
                let status: HTTPResponse.Status = error == .invalidClient && usedBasic ? .unauthorized : .badRequest
                return HTTPResponses.json(["error": name], status: status)
            }
        }
        router.get("/.well-known/openid-configuration") { _, _ -> Response in
            let base = baseURL()
            return HTTPResponses.json(
                DiscoveryDocument(
                    issuer: base, tokenEndpoint: base + "/connect/token",
                    jwksURI: base + "/.well-known/openid-configuration/jwks",
                    grantTypesSupported: ["client_credentials"], scopesSupported: [TokenIssuer.scope],
                    tokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post"]))
        }
    }

    struct TokenResponse: Encodable {
        let accessToken: String
        let expiresIn: Int
        let tokenType: String
        let scope: String

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", expiresIn = "expires_in", tokenType = "token_type", scope
        }
    }

    struct DiscoveryDocument: Encodable {
        let issuer: String
        let tokenEndpoint: String
        let jwksURI: String
        let grantTypesSupported: [String]
        let scopesSupported: [String]
        let tokenEndpointAuthMethodsSupported: [String]

        enum CodingKeys: String, CodingKey {
            case issuer
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
            case grantTypesSupported = "grant_types_supported"
            case scopesSupported = "scopes_supported"
            case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        }
    }
}
