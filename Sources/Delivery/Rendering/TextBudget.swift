/// Fits text into a service's length limit without breaking it: cuts only between characters (never inside a
/// grapheme, a surrogate pair or, since escaping happens after, an entity) and marks a cut with `…`.
///
/// `cost` says what one character counts for in the limit: UTF-16 units for Telegram, its escaped length for Slack.
struct TextBudget {
    let limit: Int
    let cost: (Character) -> Int

    /// Keeps pieces whole while they fit; cuts the first that does not and drops the rest. `truncated` says whether
    /// anything was lost.
    func fit(_ pieces: [String]) -> (pieces: [String], truncated: Bool) {
        var remaining = limit
        var kept: [String] = []
        for piece in pieces {
            let size = measure(piece)
            if size <= remaining {
                kept.append(piece)
                remaining -= size
                continue
            }
            let cut = self.cut(piece, to: remaining)
            if !cut.isEmpty { kept.append(cut) }
            return (kept, true)
        }
        return (kept, false)
    }

    /// The whole text if it fits, else its longest prefix that fits with a trailing `…`.
    func cut(_ text: String, to budget: Int) -> String {
        guard measure(text) > budget else { return text }
        let ellipsis: Character = "…"
        var remaining = budget - cost(ellipsis)
        guard remaining >= 0 else { return "" }
        var end = text.startIndex
        for index in text.indices {
            let size = cost(text[index])
            guard size <= remaining else { break }
            remaining -= size
            end = text.index(after: index)
        }
        return String(text[..<end]) + String(ellipsis)
    }

    func measure(_ text: String) -> Int { text.reduce(0) { $0 + cost($1) } }

    /// Each character as UTF-16 units: how Telegram and most JSON-based services count "characters".
    static func utf16(limit: Int) -> TextBudget { TextBudget(limit: limit) { $0.utf16.count } }
}
