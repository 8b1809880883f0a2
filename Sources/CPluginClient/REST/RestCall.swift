import Foundation
import NIOCore
import NIOHTTP1

/// One REST call as the client sends it: what, where, and whether it is safe to send twice.
struct RestCall: Sendable {
    /// Which host list serves the call.
    enum Service: Sendable {
        case api
        /// The x86 sidecar (`MailSend`, `NewsSend`).
        case sidecar
    }

    var method: HTTPMethod
    /// The path from the base URL, percent-encoded, starting with `/`.
    var path: String
    /// Query parameters, not yet encoded.
    var query: [(name: String, value: String)] = []
    var body: ByteBuffer?
    var idempotencyKey: String?
    var service: Service = .api
    var timeout: Duration
    /// How messages name the call, e.g. `GET MarginLevelGet/1001`.
    var name: String
    var platform: UUID?

    /// Whether sending it again cannot do anything twice: reads, and writes the server deduplicates by key.
    var isRetryable: Bool { method == .GET || idempotencyKey != nil }

    /// The path and query to append to a base URL.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes a path segment or query value: everything but unreserved characters.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
