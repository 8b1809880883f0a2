import Delivery
import Foundation

/// Undoes each service's escaping the way the service does (byte-wise, on Unicode scalars: a combining mark after
/// `;` must not hide the entity), to compare what a reader sees with what the rule wrote.
enum ReceiverDecoding {
    /// Slack: `&amp;`, `&lt;`, `&gt;` are the only entities it decodes.
    static func slack(_ text: String) throws -> String {
        try decodeEntities(text, named: ["lt": "<", "gt": ">", "amp": "&"], numeric: false)
    }

    /// Telegram's HTML mode: named entities `&lt;`, `&gt;`, `&amp;`, `&quot;`, and numeric ones.
    static func telegramHTML(_ text: String) throws -> String {
        try decodeEntities(text, named: ["lt": "<", "gt": ">", "amp": "&", "quot": "\""], numeric: true)
    }

    private static func decodeEntities(
        _ text: String, named: [String: Unicode.Scalar], numeric: Bool
    ) throws -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&" else {
                result.append(scalars[index])
                index += 1
                continue
            }
            guard let end = scalars[index...].firstIndex(of: ";"), end - index <= 10 else {
                throw FixtureFailure("a bare & at scalar \(index)")
            }
            var entity = ""
            entity.unicodeScalars.append(contentsOf: scalars[(index + 1)..<end])
            if let scalar = named[entity] {
                result.append(scalar)
            } else if numeric, entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()),
                let scalar = Unicode.Scalar(code)
            {
                result.append(scalar)
            } else {
                throw FixtureFailure("unknown entity &\(entity);")
            }
            index = end + 1
        }
        return String(result)
    }

    /// The tags in Telegram HTML, in order (`<b>`, `</b>`): anything else would be markup from the text.
    static func telegramTags(_ text: String) -> [String] {
        var tags: [String] = []
        var current: String.UnicodeScalarView?
        for scalar in text.unicodeScalars {
            if scalar == "<" { current = String.UnicodeScalarView() }
            current?.append(scalar)
            if scalar == ">", let tag = current {
                tags.append(String(tag))
                current = nil
            }
        }
        return tags
    }

    /// Drops the tags Telegram would take as markup.
    static func telegramStrippingTags(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var inTag = false
        for scalar in text.unicodeScalars {
            if scalar == "<" { inTag = true }
            if !inTag { result.append(scalar) }
            if scalar == ">" { inTag = false }
        }
        return String(result)
    }

    /// The text of a Teams card: its TextRuns in order; fails on any element that would parse Markdown.
    static func teams(_ body: JSONObject) throws -> [String] {
        guard let blocks = body.array("attachments.0.content.body") as? [[String: Any]] else {
            throw FixtureFailure("no card body")
        }
        var texts: [String] = []
        for block in blocks {
            guard block["type"] as? String == "RichTextBlock", let runs = block["inlines"] as? [[String: Any]] else {
                throw FixtureFailure("a block that is not a RichTextBlock: \(block["type"] ?? "?")")
            }
            for run in runs {
                guard run["type"] as? String == "TextRun", let text = run["text"] as? String else {
                    throw FixtureFailure("an inline that is not a TextRun")
                }
                texts.append(text)
            }
        }
        return texts
    }
}

extension String {
    /// Equal scalar by scalar (Swift's `==` treats canonically equivalent strings as equal; receivers compare bytes).
    func isIdentical(to other: String) -> Bool { Array(utf8) == Array(other.utf8) }

    /// Either identical to `original`, or a prefix of it cut between characters and marked with `…`.
    func isIntactOrCleanCut(of original: String) -> Bool {
        if isIdentical(to: original) { return true }
        guard hasSuffix("…") else { return false }
        let kept = Array(dropLast().utf8)
        let whole = Array(original.utf8)
        guard whole.starts(with: kept) else { return false }
        // The cut falls between characters of the original.
        let prefix = String(decoding: kept, as: UTF8.self)
        return original.hasPrefix(prefix) && original.utf8.count > kept.count
            && original[original.index(original.startIndex, offsetBy: prefix.count)...].utf8.count
                == whole.count - kept.count
    }
}
