import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP side of the provider: discovery, the token request and reading its answer.
extension TokenProvider {
    /// What one token request came to.
    enum Exchange {
        case token(value: String, lifetime: Duration)
        /// A final answer: refused, or not a token endpoint.
        case failed(TokenError)
        /// Worth another try: no connection, timeout, 5xx, 429 or 408.
        case transient(reason: String, retryAfter: Duration?)
    }

    /// Gets a token, retrying transient failures with backoff. Runs once per shared fetch.
    func fetch() async -> Result<AccessToken, TokenError> {
        let url: URL
        switch await tokenURL() {
        case .success(let found): url = found
        case .failure(let error): return .failure(error)
        }
        let name = Self.displayName(url)
        let retry = configuration.retry
        var reason = "no answer"
        var attempts = 0
        attempting: while attempts < retry.maxAttempts {
            attempts += 1
            let sentAt = now()
            statistics.tokenRequests += 1
            logger.debug("Requesting an access token", metadata: endpointMetadata)
            switch await exchange(url) {
            case .token(let value, let lifetime):
                let margin = configuration.margin(forLifetime: lifetime)
                logger.info(
                    "Obtained an access token",
                    metadata: endpointMetadata.merging(["lifetime": "\(lifetime)"]) { $1 })
                return .success(
                    AccessToken(
                        value: value, expiresAt: sentAt + lifetime, refreshAt: sentAt + lifetime - margin,
                        lifetime: lifetime))
            case .failed(let error):
                // A discovered endpoint that is not one any more: look it up again next time.
                if case .invalidResponse = error, case .discovery = endpoint { discoveredTokenURL = nil }
                return .failure(error)
            case .transient(let why, let retryAfter):
                reason = why
                guard attempts < retry.maxAttempts else { break attempting }
                var wait = retry.delay(afterAttempt: attempts)
                if let retryAfter {
                    guard retryAfter <= retry.maxRetryAfter else {
                        reason += " (the server asks to wait \(retryAfter))"
                        break attempting
                    }
                    wait = max(wait, retryAfter)
                }
                logger.debug("Token request failed; retrying", metadata: ["reason": "\(why)", "wait": "\(wait)"])
                do {
                    try await retry.sleep(wait)
                } catch {
                    reason = "cancelled"
                    break attempting
                }
            }
        }
        // The endpoint may have moved: look it up again next time.
        if case .discovery = endpoint { discoveredTokenURL = nil }
        return .failure(.unavailable(endpoint: name, reason: reason, attempts: attempts))
    }

    /// Sends one token request and sorts the answer.
    func exchange(_ url: URL) async -> Exchange {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        var form = [("grant_type", "client_credentials")]
        if let scope = configuration.scope, !scope.isEmpty { form.append(("scope", scope)) }
        switch configuration.clientAuthentication {
        case .requestBody:
            form.append(("client_id", credentials.clientID))
            form.append(("client_secret", credentials.secret))
        case .httpBasic:
            // RFC 6749 §2.3.1: both parts form-encoded before Base64.
            let pair = Self.formEncode(credentials.clientID) + ":" + Self.formEncode(credentials.secret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        let body = form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))

        let name = Self.displayName(url)
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let payload: ByteBuffer
        do {
            let response = try await httpClient.execute(
                request, timeout: RequestTimeout.timeAmount(configuration.timeout))
            status = response.status
            headers = response.headers
            payload = try await response.body.collect(upTo: 1 << 20)
        } catch {
            let failure = TransportFailure(error)
            return .transient(reason: credentials.redacting(failure.reason), retryAfter: nil)
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(payload.readableBytesView))
        switch status.code {
        case 200:
            guard let answer else { return .failed(.invalidResponse(endpoint: name, reason: "the body is not JSON")) }
            guard let value = answer.accessToken, !value.isEmpty else {
                return .failed(.invalidResponse(endpoint: name, reason: "no access_token in the answer"))
            }
            if let type = answer.tokenType, type.lowercased() != "bearer" {
                return .failed(.invalidResponse(endpoint: name, reason: "token_type is '\(type)', not Bearer"))
            }
            // IdentityServer always sends expires_in; without it, assume its default hour.
            return .token(value: value, lifetime: .seconds(max(1, answer.expiresIn ?? 3600)))
        case 408, 429, 500...599:
            return .transient(
                reason: "HTTP \(status.code) \(status.reasonPhrase)",
                retryAfter: RetryPolicy.retryAfter(headers.first(name: "Retry-After")))
        case 400, 401, 403:
            let code = answer?.error.map(credentials.redacting) ?? "http_\(status.code)"
            let detail = answer?.errorDescription.map(credentials.redacting)
            return .failed(.rejected(status: Int(status.code), error: code, description: detail, endpoint: name))
        case 404, 405:
            return .failed(
                .invalidResponse(endpoint: name, reason: "HTTP \(status.code): there is no token endpoint at this URL"))
        default:
            return .failed(.invalidResponse(endpoint: name, reason: "unexpected HTTP \(status.code)"))
        }
    }

    /// The token endpoint: configured, or looked up once through discovery (retrying transient failures).
    func tokenURL() async -> Result<URL, TokenError> {
        switch endpoint {
        case .url(let url):
            return .success(url)
        case .discovery(let authority):
            if let discoveredTokenURL { return .success(discoveredTokenURL) }
            let documentURL = TokenEndpoint.discoveryDocumentURL(authority: authority)
            let name = Self.displayName(documentURL)
            let retry = configuration.retry
            var reason = "no answer"
            for attempt in 1...retry.maxAttempts {
                statistics.discoveryRequests += 1
                var request = HTTPClientRequest(url: documentURL.absoluteString)
                request.headers.add(name: "Accept", value: "application/json")
                request.headers.add(name: "User-Agent", value: configuration.userAgent)
                do {
                    let response = try await httpClient.execute(
                        request, timeout: RequestTimeout.timeAmount(configuration.timeout))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    switch response.status.code {
                    case 200:
                        return Self.tokenEndpoint(inDiscoveryDocument: body, authority: authority).map {
                            discoveredTokenURL = $0
                            logger.debug("Discovered the token endpoint", metadata: ["endpoint": "\($0)"])
                            return $0
                        }
                    case 408, 429, 500...599:
                        reason = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
                    default:
                        return .failure(
                            .discoveryFailed(
                                authority: Self.displayName(authority),
                                reason: "\(name) answered HTTP \(response.status.code)"))
                    }
                } catch {
                    reason = TransportFailure(error).reason
                }
                if attempt < retry.maxAttempts {
                    do { try await retry.sleep(retry.delay(afterAttempt: attempt)) } catch { break }
                }
            }
            return .failure(.unavailable(endpoint: name, reason: reason, attempts: retry.maxAttempts))
        }
    }

    /// `token_endpoint` of a discovery document, if it is an http(s) URL that does not downgrade an https authority.
    static func tokenEndpoint(inDiscoveryDocument body: ByteBuffer, authority: URL) -> Result<URL, TokenError> {
        let authorityName = displayName(authority)
        guard let document = try? JSONDecoder().decode(DiscoveryDocument.self, from: Data(body.readableBytesView))
        else {
            return .failure(.discoveryFailed(authority: authorityName, reason: "the discovery document is not JSON"))
        }
        guard let text = document.tokenEndpoint, let url = URL(string: text),
            let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil
        else {
            return .failure(
                .discoveryFailed(authority: authorityName, reason: "the document names no http(s) token_endpoint"))
        }
        if authority.scheme?.lowercased() == "https", scheme == "http" {
            return .failure(
                .discoveryFailed(
                    authority: authorityName, reason: "the token_endpoint \(text) would send the secret unencrypted"))
        }
        return .success(url)
    }

    /// A URL as errors and logs show it: scheme, host, port and path; never user info or a query.
    static func displayName(_ url: URL) -> String {
        guard let scheme = url.scheme, let host = url.host else { return "(invalid URL)" }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)\(url.path)"
    }

    /// `application/x-www-form-urlencoded` for one value: everything but unreserved characters percent-encoded.
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension TokenProvider {
    /// A token endpoint's answer, success (RFC 6749 §5.1) or error (§5.2) alike.
    struct TokenAnswer: Decodable {
        var accessToken: String?
        var tokenType: String?
        var expiresIn: Double?
        var error: String?
        var errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", error
            case errorDescription = "error_description"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try? container.decodeIfPresent(String.self, forKey: .accessToken)
            tokenType = try? container.decodeIfPresent(String.self, forKey: .tokenType)
            // A number as the RFC says, or a numeric string as some servers write it.
            expiresIn =
                (try? container.decodeIfPresent(Double.self, forKey: .expiresIn))
                ?? (try? container.decodeIfPresent(String.self, forKey: .expiresIn)).flatMap { $0.flatMap(Double.init) }
            error = try? container.decodeIfPresent(String.self, forKey: .error)
            errorDescription = try? container.decodeIfPresent(String.self, forKey: .errorDescription)
        }
    }

    /// The part of an OpenID Connect discovery document the provider needs.
    struct DiscoveryDocument: Decodable {
        var tokenEndpoint: String?

        enum CodingKeys: String, CodingKey {
            case tokenEndpoint = "token_endpoint"
        }
    }
}
