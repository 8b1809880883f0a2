import AlertModel

/// Renders a Slack incoming-webhook message: plain `text` with Slack's escaping and formatting turned off.
///
/// Slack treats `&`, `<` and `>` as control characters (`<!everyone>`, `<@U123>`, `<https://…|link>`), so they are
/// sent as `&amp;`, `&lt;`, `&gt;` and a hostile name can neither mention nor link. `mrkdwn: false` keeps `*`, `_`,
/// `~` and backticks literal, which Slack has no escape for. A batch is one message: a headline with the count, then
/// one line per notification (at most 10, then "… and N more").
public struct SlackRenderer: WebhookRenderer {
    /// Slack cuts messages beyond 40,000 characters; stay below, cutting cleanly.
    static let textLimit = 39_000

    public init() {}

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        let budget = TextBudget(limit: Self.textLimit) { character in
            character.unicodeScalars.reduce(0) { $0 + Self.escape(String($1)).utf16.count }
        }
        let text = Self.escape(budget.cut(Self.plainMessage(BatchSummary(batch)), to: Self.textLimit))
        let message = Message(text: text, mrkdwn: false, unfurlLinks: false, unfurlMedia: false)
        return [WebhookBody(data: try Self.encode(message), notificationIDs: batch.map(\.id))]
    }

    /// The message before escaping: the text alone, or the headline, bulleted lines and what was left out.
    static func plainMessage(_ summary: BatchSummary) -> String {
        guard let headline = summary.headline else { return summary.lines.joined(separator: "\n") }
        var lines = [headline] + summary.lines.map { "• " + $0 }
        if let omitted = summary.omittedLine { lines.append(omitted) }
        return lines.joined(separator: "\n")
    }

    /// Slack's three escapes, applied per Unicode scalar so a combining mark after `<` cannot hide it.
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private struct Message: Encodable {
        var text: String
        var mrkdwn: Bool
        var unfurlLinks: Bool
        var unfurlMedia: Bool

        enum CodingKeys: String, CodingKey {
            case text, mrkdwn
            case unfurlLinks = "unfurl_links"
            case unfurlMedia = "unfurl_media"
        }
    }
}
