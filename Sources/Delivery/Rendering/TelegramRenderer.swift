import AlertModel

/// Renders a Telegram bot API `sendMessage` request in HTML mode.
///
/// The text is HTML-escaped (`&`, `<`, `>`, `"`), so a hostile name shows as typed and cannot open a tag; only the
/// batch headline is wrapped in `<b>`. Telegram refuses messages over 4,096 characters (counted after entities are
/// parsed, in UTF-16 units): the plain text is cut to fit before escaping, between characters, so no entity or
/// surrogate pair is ever split.
public struct TelegramRenderer: WebhookRenderer {
    /// Telegram's limit for a message's text.
    public static let textLimit = 4096

    public var chatID: String

    public init(chatID: String) {
        self.chatID = chatID
    }

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        let summary = BatchSummary(batch)
        let budget = TextBudget.utf16(limit: Self.textLimit)
        var text: String
        if let headline = summary.headline {
            let head = budget.cut(headline, to: 200)
            var body = summary.lines.map { "• " + $0 }
            if let omitted = summary.omittedLine { body.append(omitted) }
            let rest = budget.cut(body.joined(separator: "\n"), to: Self.textLimit - budget.measure(head) - 1)
            text = "<b>" + Self.escape(head) + "</b>\n" + Self.escape(rest)
        } else {
            text = Self.escape(budget.cut(summary.lines.joined(separator: "\n"), to: Self.textLimit))
        }
        let message = Message(
            chatID: chatID, text: text, parseMode: "HTML", linkPreviewOptions: .init(isDisabled: true))
        return [WebhookBody(data: try Self.encode(message), notificationIDs: batch.map(\.id))]
    }

    /// HTML escaping as Telegram's HTML mode reads it, per Unicode scalar.
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private struct Message: Encodable {
        struct LinkPreviewOptions: Encodable {
            var isDisabled: Bool
            enum CodingKeys: String, CodingKey { case isDisabled = "is_disabled" }
        }

        var chatID: String
        var text: String
        var parseMode: String
        var linkPreviewOptions: LinkPreviewOptions

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id"
            case text
            case parseMode = "parse_mode"
            case linkPreviewOptions = "link_preview_options"
        }

        /// A numeric chat id goes as a number, a `@channel` as a string, as the Bot API documents `chat_id`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let number = Int64(chatID) {
                try container.encode(number, forKey: .chatID)
            } else {
                try container.encode(chatID, forKey: .chatID)
            }
            try container.encode(text, forKey: .text)
            try container.encode(parseMode, forKey: .parseMode)
            try container.encode(linkPreviewOptions, forKey: .linkPreviewOptions)
        }
    }
}
