import Foundation

/// What one delivery attempt came to, as the channel judged it: each channel knows which of its failures are worth
/// retrying (a 503, a timeout) and which are final (a 400: the same request will never succeed).
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    /// Try again later; `after` is the receiver's own wish (`Retry-After`), honoured over the back-off when longer.
    case retry(reason: String, after: Duration?)
    /// Never retry: the notification goes to the dead letters with this reason.
    case final(reason: String)

    /// The outcome an HTTP status means for a webhook or API call: 2xx delivered; 408, 425, 429 and 5xx retried;
    /// any other status final.
    public static func forHTTPStatus(_ status: Int, body: String, retryAfter: Duration?) -> DeliveryOutcome {
        switch status {
        case 200..<300:
            return .delivered
        case 408, 425, 429, 500..<600:
            return .retry(reason: Self.describe(status, body), after: retryAfter)
        default:
            return .final(reason: Self.describe(status, body))
        }
    }

    private static func describe(_ status: Int, _ body: String) -> String {
        let excerpt = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = excerpt.count > 300 ? String(excerpt.prefix(300)) + "…" : excerpt
        return "HTTP \(status)" + (shown.isEmpty ? "" : ": \(shown)")
    }
}
