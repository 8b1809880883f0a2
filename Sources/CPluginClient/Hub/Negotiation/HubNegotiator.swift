import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `POST {hub}/negotiate?negotiateVersion=1`, following redirects (`{url, accessToken}`) as the protocol allows.
struct HubNegotiator: Sendable {
    /// Where negotiation ended: the answer, and the hub URL and token to connect the transport with (a redirect
    /// changes both).
    struct Outcome: Sendable {
        var response: NegotiateResponse
        var hubURL: String
        var accessToken: String
        var redirected: Bool
    }

    /// The server said 401: the caller fetches a new token and tries once more.
    struct Unauthorized: Error {}

    let http: HTTPClient
    let timeout: Duration

    func negotiate(hubURL: String, accessToken: String) async throws -> Outcome {
        var hubURL = hubURL
        var token = accessToken
        var redirected = false
        for _ in 0..<100 {
            let url = HubEndpoint.url(HubEndpoint.negotiateURL(hubURL), adding: [("negotiateVersion", "1")])
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Length", value: "0")
            request.headers.add(name: "X-Requested-With", value: "XMLHttpRequest")
            let response = try await http.execute(request, timeout: .init(timeout))
            let body = try await response.body.collect(upTo: 1 << 20)
            let shown = HubClient.redactedURL(HubEndpoint.negotiateURL(hubURL))
            if response.status == .unauthorized { throw Unauthorized() }
            guard response.status == .ok else {
                throw HubClientError.negotiateRejected(
                    url: shown, status: Int(response.status.code), body: Self.excerpt(body))
            }
            let answer: NegotiateResponse
            do {
                answer = try JSONDecoder().decode(NegotiateResponse.self, from: Data(body.readableBytesView))
            } catch {
                throw HubClientError.negotiateRejected(
                    url: shown, status: 200, body: "not a negotiate answer: \(Self.excerpt(body))")
            }
            if let error = answer.error { throw HubClientError.negotiateError(url: shown, message: error) }
            if let next = answer.url {
                hubURL = next
                if let nextToken = answer.accessToken { token = nextToken }
                redirected = true
                continue
            }
            guard answer.transportID != nil else {
                throw HubClientError.negotiateRejected(
                    url: shown, status: 200, body: "no connection id in \(Self.excerpt(body))")
            }
            return Outcome(response: answer, hubURL: hubURL, accessToken: token, redirected: redirected)
        }
        throw HubClientError.tooManyRedirects(url: HubClient.redactedURL(hubURL))
    }

    /// The start of a body, for error messages: enough to recognise, never a page of HTML.
    static func excerpt(_ buffer: ByteBuffer) -> String {
        let text = String(buffer: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
