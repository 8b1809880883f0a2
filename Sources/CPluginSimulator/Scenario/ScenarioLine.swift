/// One line of a scenario file cut into words (a `#` starts a comment; `"…"` quotes a word with spaces), with the
/// cursor the parser reads them through and the checks every action shares, each failing with the word's column.
struct ScenarioLine {
    struct Word {
        var text: String
        var column: Int
        var quoted: Bool
    }

    let path: String
    let number: Int
    private(set) var words: [Word] = []
    /// The column just past the line's last word: where something missing is reported.
    private(set) var endColumn = 1
    private var position = 0

    init(path: String, number: Int, text: Substring) throws(ScenarioError) {
        self.path = path
        self.number = number
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "#" { break }
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character == "\"" {
                index += 1
                var content = ""
                while index < characters.count, characters[index] != "\"" {
                    content.append(characters[index])
                    index += 1
                }
                guard index < characters.count else {
                    throw ScenarioError(
                        path: path, line: number, column: start + 1, message: "this quote is not closed with '\"'")
                }
                index += 1
                words.append(Word(text: content, column: start + 1, quoted: true))
            } else {
                var content = ""
                while index < characters.count, !characters[index].isWhitespace, characters[index] != "#" {
                    content.append(characters[index])
                    index += 1
                }
                words.append(Word(text: content, column: start + 1, quoted: false))
            }
            endColumn = index + 1
        }
    }

    var isEmpty: Bool { words.isEmpty }
    var atEnd: Bool { position >= words.count }
    var peek: Word? { atEnd ? nil : words[position] }

    mutating func next() -> Word? {
        defer { position += 1 }
        return peek
    }

    func error(_ message: String, at word: Word?) -> ScenarioError {
        ScenarioError(path: path, line: number, column: word?.column ?? endColumn, message: message)
    }

    /// The next word, which must be `expected`.
    @discardableResult
    mutating func expect(_ expected: String, after context: String) throws(ScenarioError) -> Word {
        let word = next()
        guard let word, word.text == expected, !word.quoted else {
            throw error(
                "expected '\(expected)' after \(context)" + (word.map { ", found '\($0.text)'" } ?? ""), at: word)
        }
        return word
    }

    /// The next word as a login: a positive whole number.
    mutating func login() throws(ScenarioError) -> Int {
        let word = next()
        guard let word, !word.quoted, let login = Int(word.text), login > 0, login <= Int(Int32.max) else {
            throw error(
                "expected a login (a positive whole number)" + (word.map { ", found '\($0.text)'" } ?? ""), at: word)
        }
        return login
    }

    /// The next word as a plain decimal number (underscores allowed as in 75_000); `signed` allows a leading sign.
    mutating func number(_ what: String, signed: Bool = false) throws(ScenarioError) -> Double {
        let word = next()
        guard let word, let value = Self.decimal(word.text, signed: signed) else {
            throw error("expected \(what)" + (word.map { ", found '\($0.text)'" } ?? ""), at: word)
        }
        return value
    }

    /// The next word as a duration.
    mutating func duration(_ what: String = "a duration") throws(ScenarioError) -> Double {
        let word = next()
        guard let word, let seconds = DurationText.parse(word.text) else {
            throw error(
                "expected \(what) such as 30s, 5m or 1h30m" + (word.map { ", found '\($0.text)'" } ?? ""), at: word)
        }
        return seconds
    }

    /// The next word as a symbol the simulator knows.
    mutating func symbol() throws(ScenarioError) -> String {
        let word = next()
        guard let word else { throw error("expected a symbol such as EURUSD", at: nil) }
        guard SymbolSpec.index(named: word.text) != nil else {
            let names = SymbolSpec.catalog.map(\.name)
            var message = "unknown symbol '\(word.text)'"
            if let close = Self.suggestion(for: word.text.uppercased(), among: names) {
                message += "; did you mean '\(close)'?"
            } else {
                message += "; known symbols: \(names.joined(separator: ", "))"
            }
            throw error(message, at: word)
        }
        return word.text
    }

    /// Fails if anything follows the action.
    func finish() throws(ScenarioError) {
        if let extra = peek { throw error("unexpected '\(extra.text)' after the action", at: extra) }
    }

    static func decimal(_ text: String, signed: Bool) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if signed, let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber,
            body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_") })
        else { return nil }
        guard let value = Double(body.filter { $0 != "_" }), value.isFinite else { return nil }
        return sign * value
    }

    /// The closest name within two edits, for "did you mean".
    static func suggestion(for text: String, among names: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for name in names {
            let distance = editDistance(Array(text), Array(name))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (name, distance) }
        }
        return best?.name
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
