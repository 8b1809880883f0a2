import AlertModel

/// What a chat message says for a batch, in plain text: a headline with the count (`12 margin_call alerts`), then one
/// line per notification, capped, with how many were left out. Chat renderers escape and lay it out; a single
/// notification is just its text.
struct BatchSummary {
    /// Nil for a single notification.
    var headline: String?
    var lines: [String]
    /// Notifications beyond the cap, not listed.
    var omitted: Int

    init(_ batch: [AlertNotification], maxLines: Int = 10) {
        guard batch.count > 1 else {
            headline = nil
            lines = batch.map(\.plainText)
            omitted = 0
            return
        }
        headline = Self.headline(batch)
        lines = batch.prefix(maxLines).map(\.plainText)
        omitted = max(0, batch.count - maxLines)
    }

    /// `12 margin_call alerts (9 firing, 3 resolved)`, `5 alerts: 3 margin_call, 2 large_trade`.
    static func headline(_ batch: [AlertNotification]) -> String {
        var counts: [(rule: String, count: Int)] = []
        for notification in batch {
            if let index = counts.firstIndex(where: { $0.rule == notification.key.rule }) {
                counts[index].count += 1
            } else {
                counts.append((notification.key.rule, 1))
            }
        }
        let resolved = batch.filter { $0.reason == .resolved }.count
        var text: String
        if counts.count == 1 {
            text = "\(batch.count) \(counts[0].rule) alerts"
        } else {
            let parts = counts.sorted { $0.count > $1.count }.map { "\($0.count) \($0.rule)" }
            text = "\(batch.count) alerts: " + parts.joined(separator: ", ")
        }
        if resolved == batch.count {
            text += " (resolved)"
        } else if resolved > 0 {
            text += " (\(batch.count - resolved) firing, \(resolved) resolved)"
        }
        if let worst = batch.map(\.severity).max(), resolved < batch.count { text += ", \(worst)" }
        return text
    }

    /// `… and 2 more`.
    var omittedLine: String? { omitted > 0 ? "… and \(omitted) more" : nil }
}
