import CPluginClient
import Foundation
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    /// Runs `body` over `text`'s UTF-8.
    func read<T>(_ text: String, _ body: (inout JSONReader) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T {
        try JSONReader.read(Array(text.utf8), body)
    }

    func read<T>(_ bytes: [UInt8], _ body: (inout JSONReader) throws(JSONReaderError) -> T) throws(JSONReaderError) -> T
    {
        try JSONReader.read(bytes, body)
    }

    /// The error `body` throws over `text`, or nil.
    func failure(_ text: String, _ body: (inout JSONReader) throws(JSONReaderError) -> Void) -> JSONReaderError? {
        failure(Array(text.utf8), body)
    }

    func failure(_ bytes: [UInt8], _ body: (inout JSONReader) throws(JSONReaderError) -> Void) -> JSONReaderError? {
        do {
            try JSONReader.read(bytes, body)
            return nil
        } catch {
            return error
        }
    }

    @Test("walks objects and arrays of every value type, with whitespace anywhere")
    func walk() throws {
        let text = " { \"a\" : [ 1 , -2.5 , \"x\" , true , false , null , { } , [ ] ] , \"b\" : { \"c\" : \"d\" } } "
        let summary = try read(text) { (reader: inout JSONReader) throws(JSONReaderError) -> [String] in
            var seen: [String] = []
            try reader.beginObject()
            while let key = try reader.nextKey() {
                seen.append("key \(key.stringValue)")
                switch key {
                case "a":
                    try reader.beginArray()
                    while try reader.nextElement() {
                        switch try reader.peekKind() {
                        case .number: seen.append("number \(try reader.readDouble())")
                        case .string: seen.append("string \(try reader.readString())")
                        case .bool: seen.append("bool \(try reader.readBool())")
                        case .null:
                            try reader.readNull()
                            seen.append("null")
                        case .object, .array:
                            let raw = try reader.readRawBytes()
                            seen.append("raw \(String(decoding: raw, as: UTF8.self))")
                        }
                    }
                default:
                    try reader.skipValue()
                    seen.append("skipped")
                }
            }
            try reader.expectEnd()
            return seen
        }
        #expect(
            summary == [
                "key a", "number 1.0", "number -2.5", "string x", "bool true", "bool false", "null", "raw { }",
                "raw [ ]", "key b", "skipped",
            ])
    }

    @Test(
        "unescapes every escape, including surrogate pairs",
        arguments: [
            (#""plain""#, "plain"),
            (#""q\"b\\s\/""#, "q\"b\\s/"),
            (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
            (#""\u0041\u00e9\u20AC""#, "Aé€"),
            (#""\ud83d\ude00 \uD834\uDD1E""#, "😀 𝄞"),
            (#""\u0000""#, "\u{0}"),
            ("\"héllo wörld €\"", "héllo wörld €"),
            (#""""#, ""),
        ])
    func strings(_ json: String, _ expected: String) throws {
        #expect(try read(json) { (r: inout JSONReader) throws(JSONReaderError) in try r.readString() } == expected)
    }

    @Test(
        "rejects broken strings with a typed error at the right place",
        arguments: [
            (#""\ud800""#, "invalidUnicode"),
            (#""\udc00""#, "invalidUnicode"),
            (#""\ud800\u0041""#, "invalidUnicode"),
            (#""\ud800x""#, "invalidUnicode"),
            (#""\x""#, "invalidEscape"),
            (#""\u12G4""#, "invalidEscape"),
            (#""\u12""#, "invalidEscape"),
            ("\"a\nb\"", "controlCharacterInString"),
            ("\"abc", "unexpectedEnd"),
            ("\"abc\\", "unexpectedEnd"),
        ])
    func brokenStrings(_ json: String, _ kind: String) {
        let error = failure(json) { (r: inout JSONReader) throws(JSONReaderError) in _ = try r.readString() }
        #expect(error.map { "\($0.kind)".hasPrefix(kind) } == true, "\(String(describing: error))")
    }

    @Test(
        "rejects invalid UTF-8 in strings and keys",
        arguments: [[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]]
            as [[UInt8]]
    )
    func invalidUTF8(_ sequence: [UInt8]) {
        let string: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "a")] + sequence + [UInt8(ascii: "\"")]
        let error = failure(string) { (r: inout JSONReader) throws(JSONReaderError) in _ = try r.readString() }
        #expect(error?.kind == .invalidUnicode)
        #expect(error?.offset == 1)
        let object = Array("{".utf8) + string + Array(":1}".utf8)
        let keyError = failure(object) { (r: inout JSONReader) throws(JSONReaderError) in try r.skipKeys() }
        #expect(keyError?.kind == .invalidUnicode)
        // A skipped string is only checked for JSON's grammar; its Unicode matters only to whoever reads it.
        let value = Array(#"{"k":"#.utf8) + string + Array("}".utf8)
        #expect(failure(value) { (r: inout JSONReader) throws(JSONReaderError) in try r.skipKeys() } == nil)
    }

    @Test("strings of every length, with an escape, a control character or non-ASCII at every position")
    func everyPosition() throws {
        for length in 0..<40 {
            let plain = String((0..<length).map { Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
            #expect(
                try read("\"\(plain)\" ") { (r: inout JSONReader) throws(JSONReaderError) in try r.readString() }
                    == plain)
            for position in 0..<length {
                var characters = Array(plain)
                characters[position] = "é"
                let accented = String(characters)
                #expect(
                    try read("\"\(accented)\"") { (r: inout JSONReader) throws(JSONReaderError) in try r.readString() }
                        == accented)
                let escaped = String(plain.prefix(position)) + "\\n" + String(plain.dropFirst(position))
                let unescaped = String(plain.prefix(position)) + "\n" + String(plain.dropFirst(position))
                #expect(
                    try read("\"\(escaped)\"") { (r: inout JSONReader) throws(JSONReaderError) in try r.readString() }
                        == unescaped)
                let control = String(plain.prefix(position)) + "\u{1F}" + String(plain.dropFirst(position))
                let error = failure("\"\(control)\"") { (r: inout JSONReader) throws(JSONReaderError) in
                    _ = try r.readString()
                }
                #expect(error == JSONReaderError(.controlCharacterInString, offset: position + 1))
                let truncated = failure("\"\(plain.prefix(position))") {
                    (r: inout JSONReader) throws(JSONReaderError) in
                    _ = try r.readString()
                }
                #expect(truncated?.kind == .unexpectedEnd)
            }
        }
    }

    @Test("keys match as bytes, escaped or not")
    func keys() throws {
        let names = try read(#"{"symbol":1,"b\u0069d":2,"Ask":3,"":4,"sym":5}"#) {
            (reader: inout JSONReader) throws(JSONReaderError) -> [String] in
            var names: [String] = []
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "symbol": names.append("symbol")
                case "bid": names.append("bid")
                case "ask": names.append("ask?")
                case "": names.append("empty")
                default: names.append("other \(key.stringValue)")
                }
                try reader.skipValue()
            }
            return names
        }
        #expect(names == ["symbol", "bid", "other Ask", "empty", "other sym"])
    }

    @Test(
        "reads numbers exactly as Double(String) rounds them",
        arguments: [
            "0", "-0", "1", "-1", "1.5", "0.1", "0.2", "0.30000000000000004", "1.10234", "95.05000000000001",
            "1e22", "1e23", "9007199254740993", "9007199254740992.5", "123456789012345678901234567890",
            "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "12345.6789e-3", "0.000001234",
            "1E+2", "1e-2", "3.141592653589793238462643383279", "1.0000000000000002", "0.9999999999999999",
            "18446744073709551615", "9.999999999999999e22", "8.41e21", "1.448997445238699",
        ])
    func doubles(_ literal: String) throws {
        let value = try read(literal) { (r: inout JSONReader) throws(JSONReaderError) in try r.readDouble() }
        let expected = try #require(Double(literal))
        #expect(value.bitPattern == expected.bitPattern, "\(literal): \(value) vs \(expected)")
    }

    @Test("random doubles read back bit for bit, whether printed short or with all 17 digits")
    func randomDoubles() throws {
        var random = SeededRandom(seed: 42)
        var bytes: [UInt8] = []
        for round in 0..<300_000 {
            let value: Double
            switch round % 4 {
            case 0: value = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            case 1: value = Double.random(in: 0..<100_000, using: &random)
            case 2: value = (Double.random(in: 0.5..<2, using: &random) * 100_000).rounded() / 100_000
            default: value = Double.random(in: -1..<1, using: &random) * 1e6
            }
            let text = round % 8 < 4 ? value.description : String(format: "%.17g", value)
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: text.utf8)
            let read = try read(bytes) { (r: inout JSONReader) throws(JSONReaderError) in try r.readDouble() }
            let expected = Double(text)!
            if read.bitPattern != expected.bitPattern {
                Issue.record("\(text): read \(read), expected \(expected)")
                return
            }
        }
    }

    @Test("random 16 to 19 digit decimals with small exponents round like strtod")
    func randomDecimals() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<300_000 {
            let digits = Int.random(in: 16...19, using: &random)
            var text = String(UInt64.random(in: 1...9, using: &random))
            for _ in 1..<digits { text += String(UInt64.random(in: 0...9, using: &random)) }
            let point = Int.random(in: 0..<digits, using: &random)
            if point > 0 { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if Bool.random(using: &random) { text += "e\(Int.random(in: -12...12, using: &random))" }
            let read = try read(text) { (r: inout JSONReader) throws(JSONReaderError) in try r.readDouble() }
            guard read.bitPattern == Double(text)!.bitPattern else {
                Issue.record("\(text): read \(read), expected \(Double(text)!)")
                return
            }
        }
    }

    @Test(
        "rejects malformed numbers",
        arguments: ["01", "1.", ".5", "-", "+1", "1e", "1e+", "--1", "0x10", "Infinity", "NaN", "-.5", "1.e5", "1ee5"])
    func malformedNumbers(_ literal: String) {
        let error = failure(literal) { (r: inout JSONReader) throws(JSONReaderError) in
            _ = try r.readDouble()
            try r.expectEnd()
        }
        #expect(error != nil)
    }

    @Test(
        "reads Int, Double, Bool and String as JSONDecoder does",
        arguments: [
            "0", "-0", "1001", "1001.0", "1.5", "-1.5", "1e3", "1E3", "1.0e0", "100e-2", "0.5", "-0.0",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e19",
            "1.9999999999999999999", "123456789012345678.5", "1e400", "-1e400", "1e-400", "0e400",
            "12345678901234567890123", "9007199254740993", "9007199254740993.0", "9007199254740993.5",
            "9007199254740993.00001", "9.21e18", "-9.2233720368547758e18", "9223372036854775295.5",
            "9223372036854775296.5", "4.9e-324", "2.4703282292062327e-324", "1.7976931348623157e308",
            "1.7976931348623159e308", "0.000000000000000000000000000001", "true", "false", "null", #""5""#,
            #""text""#, "[1]", "{}", #""\ud800""#, "18014398509481985.25", "-18014398509481985.75",
            "90071992547409930000000000000000000001e-22", "1000000000000000000000e-3", "9007199254740993e0",
            "0.9007199254740993e16", "12345678901234567.8901234",
        ])
    func foundationParity(_ literal: String) throws {
        let data = Data(literal.utf8)
        let decoder = JSONDecoder()
        func same<T: HubDecodable & Decodable & Equatable>(_ type: T.Type) {
            let foundation = try? decoder.decode(T.self, from: data)
            let ours = try? RawJSON(bytes: Array(literal.utf8)).decode(T.self)
            #expect(
                foundation == ours,
                "\(T.self) from \(literal): Foundation \(String(describing: foundation)), ours \(String(describing: ours))"
            )
        }
        same(Int.self)
        same(Double.self)
        same(Bool.self)
        same(String.self)
        same(Int?.self)
        same([Int].self)
    }

    @Test("skips nested values, leaving the reader at the next member")
    func skipping() throws {
        let text = #"{"skip":{"a":[1,{"b":[[],{},"x\"]"]}],"c":null},"keep":42}"#
        let kept = try read(text) { (reader: inout JSONReader) throws(JSONReaderError) -> Int? in
            var kept: Int?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key.equals("keep") { kept = try reader.readInt() } else { try reader.skipValue() }
            }
            try reader.expectEnd()
            return kept
        }
        #expect(kept == 42)
    }

    @Test("raw values keep their exact bytes")
    func raw() throws {
        let values = try read(#"[ {"a" : 1} , "s\"" , -1.5e3 , null ]"#) {
            (reader: inout JSONReader) throws(JSONReaderError) -> [String] in
            var values: [String] = []
            try reader.beginArray()
            while try reader.nextElement() { values.append(try reader.readRawJSON().description) }
            return values
        }
        #expect(values == [#"{"a" : 1}"#, #""s\"""#, "-1.5e3", "null"])
    }

    @Test(
        "nesting up to the limit is fine, one deeper is an error, whether skipped or walked",
        arguments: [(511, true), (512, true), (513, false), (100_000, false)])
    func depth(_ levels: Int, _ accepted: Bool) {
        let text = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        let skipped = failure(text) { (r: inout JSONReader) throws(JSONReaderError) in try r.skipValue() }
        #expect((skipped == nil) == accepted)
        if !accepted { #expect(skipped?.kind == .tooDeeplyNested(limit: 512)) }
        let walked = failure(text) { (r: inout JSONReader) throws(JSONReaderError) in
            for _ in 0..<levels { try r.beginArray() }
        }
        #expect((walked == nil) == accepted)
    }

    @Test("a smaller depth limit applies to hostile nesting inside objects too")
    func customDepth() {
        let text = #"{"a":{"b":{"c":[1]}}}"#
        let error = Array(text.utf8).withUnsafeBytes { raw -> JSONReaderError? in
            var reader = JSONReader(unsafeBytes: raw, maxDepth: 3)
            do throws(JSONReaderError) {
                try reader.skipValue()
                return nil
            } catch {
                return error
            }
        }
        #expect(error == JSONReaderError(.tooDeeplyNested(limit: 3), offset: 15))
    }

    @Test(
        "malformed documents fail with the offset of the problem",
        arguments: [
            (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), (#"{"a":1 "b":2}"#, 7), (#"[1,]"#, 3), (#"[1 2]"#, 3), ("{", 1),
            (#"{"a":tru}"#, 8), ("nul", 3), (#"{"a":1}x"#, 7), ("", 0), ("  ", 2), (#"{1:2}"#, 1), ("[,1]", 1),
            (#"{"a":1}}"#, 7), ("]", 0),
        ])
    func malformed(_ text: String, _ offset: Int) {
        let error = failure(text) { (r: inout JSONReader) throws(JSONReaderError) in
            try r.skipValue()
            try r.expectEnd()
        }
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
    }

    @Test("a value of the wrong type is a type mismatch, not a syntax error")
    func mismatch() {
        let error = failure(#""x""#) { (r: inout JSONReader) throws(JSONReaderError) in _ = try r.readInt() }
        #expect(error?.kind == .typeMismatch(expected: .number, found: .string))
        #expect(error?.description == "expected a number, found a string at byte 0")
    }

    @Test("raw JSON is built from Swift values and reads back")
    func rawValues() throws {
        #expect(RawJSON.string("EUR\"USD\n").description == #""EUR\"USD\n""#)
        #expect(try RawJSON.string("é\u{1}\u{85}").decode(String.self) == "é\u{1}\u{85}")
        #expect(RawJSON.string("\u{1}\u{7F}").description == #""\u0001\u007F""#)
        #expect(RawJSON.int(-42).description == "-42")
        #expect(RawJSON.bool(true).description == "true")
        #expect(RawJSON.double(1.5).description == "1.5")
        #expect(RawJSON.double(.nan).description == "null")
        for value in [0.1, 1e-7, 1e300, -0.0, 95.05000000000001, .leastNonzeroMagnitude] {
            #expect(try RawJSON.double(value).decode(Double.self).bitPattern == value.bitPattern)
        }
        #expect(try RawJSON(validating: Array(" [1, 2] ".utf8)).description == "[1, 2]")
        #expect(throws: JSONReaderError.self) { try RawJSON(validating: Array("[1, 2".utf8)) }
        #expect(RawJSON.null.isNull)
    }
}

extension JSONReader {
    /// Reads an object's keys, skipping their values.
    mutating func skipKeys() throws(JSONReaderError) {
        try beginObject()
        while try nextKey() != nil { try skipValue() }
    }
}
