import AsyncHTTPClient
import CPluginClient
import Foundation
import NIOCore

/// An HTTP answer as far as classification needs it.
struct WebhookAnswer: Sendable {
    var status: Int
    /// The `Retry-After` header, if any.
    var retryAfter: String?
    var body: String
}

extension WebhookChannel {
    /// What an answer means: 2xx delivered; 408, 425, 429 and 5xx retried, honouring `Retry-After` (seconds or an HTTP
    /// date) and Telegram's `parameters.retry_after`; other statuses final. Some services say "failed" inside a 2xx:
    /// Telegram's `"ok": false` and Teams connectors' "Webhook message delivery failed" are judged by what they say.
    func classify(_ answer: WebhookAnswer) -> DeliveryOutcome {
        var status = answer.status
        var retryAfter = RetryPolicy.retryAfter(answer.retryAfter, now: now())
        var body = answer.body
        switch endpoint.receiver.kind {
        case .telegram:
            if let reply = TelegramReply(body) {
                if reply.ok == false, (200..<300).contains(status) { status = reply.errorCode ?? 400 }
                if let seconds = reply.retryAfter { retryAfter = .seconds(seconds) }
                if let description = reply.description { body = description }
                if let chat = reply.migrateToChatID {
                    body += " (the group is now the supergroup \(chat): set chatID to it)"
                }
            }
        case .teams:
            // Office 365 connectors answer 200 with the downstream failure in the text.
            if (200..<300).contains(status), body.contains("delivery failed") {
                status = body.contains("429") ? 429 : (body.range(of: "HTTP error 5") != nil ? 502 : 400)
            }
        default:
            break
        }
        switch DeliveryOutcome.forHTTPStatus(status, body: body, retryAfter: retryAfter) {
        case .delivered: return .delivered
        case .retry(let reason, let after): return .retry(reason: "\(endpoint.displayURL): \(reason)", after: after)
        case .final(let reason): return .final(reason: "\(endpoint.displayURL): \(reason)")
        }
    }

    /// A request that got no answer: retried (timeouts, refused or broken connections, cancellation at shutdown), except
    /// a URL the HTTP client cannot use at all.
    func transportOutcome(_ error: any Error) -> DeliveryOutcome {
        let place = endpoint.displayURL
        if error is CancellationError { return .retry(reason: "\(place): cancelled before an answer", after: nil) }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .retry(
                    reason: "\(place): no answer within \(DurationText.format(endpoint.receiver.timeout))", after: nil)
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return .retry(reason: "\(place): could not connect in time", after: nil)
            case .cancelled:
                return .retry(reason: "\(place): cancelled before an answer", after: nil)
            case .remoteConnectionClosed:
                return .retry(reason: "\(place): the server closed the connection", after: nil)
            case .emptyHost, .invalidURL, .emptyScheme:
                return .final(reason: "\(place): the URL cannot be used")
            default:
                return .retry(reason: "\(place): \(error)", after: nil)
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .retry(reason: "\(place): could not connect in time", after: nil)
        }
        if let error = error as? IOError {
            return .retry(reason: "\(place): \(Self.words(errno: error.errnoCode))", after: nil)
        }
        let text = String(describing: error)
        if text.contains("Connection refused") || text.contains("connectionRefused") {
            return .retry(reason: "\(place): connection refused", after: nil)
        }
        if text.contains("dnsAError") && !text.contains("dnsAError: nil") {
            return .retry(reason: "\(place): the host name does not resolve", after: nil)
        }
        if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") {
            return .retry(reason: "\(place): could not connect", after: nil)
        }
        return .retry(reason: "\(place): \(text)", after: nil)
    }

    private static func words(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ECONNRESET: "connection reset by the server"
        case EHOSTUNREACH, ENETUNREACH: "host unreachable"
        case ETIMEDOUT: "connection timed out"
        case EPIPE: "connection closed while sending"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}

/// The parts of a Telegram Bot API reply that decide a retry.
private struct TelegramReply {
    var ok: Bool?
    var errorCode: Int?
    var description: String?
    var retryAfter: Double?
    var migrateToChatID: Int64?

    init?(_ body: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            return nil
        }
        ok = object["ok"] as? Bool
        errorCode = (object["error_code"] as? NSNumber)?.intValue
        description = object["description"] as? String
        let parameters = object["parameters"] as? [String: Any]
        retryAfter = (parameters?["retry_after"] as? NSNumber)?.doubleValue
        migrateToChatID = (parameters?["migrate_to_chat_id"] as? NSNumber)?.int64Value
    }
}
