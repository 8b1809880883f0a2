import AlertModel

/// Renders a Microsoft Teams message carrying an Adaptive Card, for incoming webhooks and Workflows triggers.
///
/// Text goes in `TextRun`s inside `RichTextBlock`s, which Adaptive Cards never parse as Markdown (a `TextBlock`
/// would turn `**`, `_`, `- ` and `[x](y)` into formatting and has no reliable escape), so the text shows exactly as
/// written with no escaping needed beyond JSON's. A batch is a bold headline, one block per notification (at most
/// 10) and "… and N more". Teams refuses payloads over about 28 KB: the text is cut to fit, between characters.
public struct TeamsRenderer: WebhookRenderer {
    /// Bytes of text (as JSON-encoded) for the whole card, well under Teams' 28 KB payload limit.
    static let textLimit = 20_000

    public init() {}

    public func render(_ batch: [AlertNotification]) throws -> [WebhookBody] {
        let summary = BatchSummary(batch)
        var pieces = summary.headline.map { [$0] } ?? []
        pieces += summary.lines
        if let omitted = summary.omittedLine { pieces.append(omitted) }
        let budget = TextBudget(limit: Self.textLimit) { character in
            character.unicodeScalars.reduce(0) { total, scalar in
                switch scalar.value {
                case 0..<0x20: total + 6
                case 0x22, 0x5C: total + 2
                default: total + String(scalar).utf8.count
                }
            }
        }
        let (kept, _) = budget.fit(pieces)
        var body: [Block] = []
        for (index, text) in kept.enumerated() {
            let isHeadline = summary.headline != nil && index == 0
            let isOmitted = summary.omittedLine != nil && index == pieces.count - 1
            body.append(
                Block(
                    inlines: [
                        Run(
                            text: text, weight: isHeadline ? "Bolder" : nil, size: isHeadline ? "Medium" : nil,
                            isSubtle: isOmitted ? true : nil)
                    ],
                    separator: summary.headline != nil && index >= 1 && !isOmitted ? true : nil))
        }
        let card = Card(body: body)
        let message = Message(attachments: [Attachment(content: card)])
        return [WebhookBody(data: try Self.encode(message), notificationIDs: batch.map(\.id))]
    }

    private struct Message: Encodable {
        var type = "message"
        var attachments: [Attachment]
    }

    private struct Attachment: Encodable {
        var contentType = "application/vnd.microsoft.card.adaptive"
        var content: Card
    }

    private struct Card: Encodable {
        var schema = "http://adaptivecards.io/schemas/adaptive-card.json"
        var type = "AdaptiveCard"
        var version = "1.4"
        var body: [Block]
        var msteams = ["width": "Full"]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case type, version, body, msteams
        }
    }

    private struct Block: Encodable {
        var type = "RichTextBlock"
        var inlines: [Run]
        var separator: Bool?

        init(inlines: [Run], separator: Bool?) {
            self.inlines = inlines
            self.separator = separator
        }
    }

    private struct Run: Encodable {
        var type = "TextRun"
        var text: String
        var weight: String?
        var size: String?
        var isSubtle: Bool?

        init(text: String, weight: String?, size: String?, isSubtle: Bool?) {
            self.text = text
            self.weight = weight
            self.size = size
            self.isSubtle = isSubtle
        }
    }
}
