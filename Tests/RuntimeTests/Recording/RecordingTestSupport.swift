import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import RuleLanguage
import Runtime
import Testing

/// Scratch files and small builders shared by the recording and replay tests.
enum RecordingTestSupport {
    static let start = Timestamp(milliseconds: 1_767_571_200_000)

    /// A fresh path in a directory of its own (which does not exist yet: writers create it).
    static func scratchPath(_ name: String = "recording.jsonl") -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("mtrules-replay-\(UUID().uuidString)/nested/\(name)").path
    }

    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func compile(_ source: String) throws -> CompiledRuleSet {
        let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source, path: "t.rules")
        #expect(result.diagnostics.filter(\.isError).isEmpty, "\(result.diagnostics.map(\.message))")
        return try #require(result.ruleSet)
    }

    /// A hub margin payload as CPlugin writes it.
    static func margin(login: Int, level: Double, group: String = "real-A") -> RawJSON {
        RawJSON(
            bytes: Array(
                """
                {"login":\(login),"group":"\(group)","leverage":100,"updated":1767571199,"balance":1000,\
                "equity":\(level * 10),"volumeLots":1,"margin":1000,"free":0,"level":\(level),\
                "controllingType":"Percent","levelType":0}
                """.utf8))
    }

    /// Numbers compared as text, so unset fields (NaN) compare equal to each other.
    static func same(_ a: TradingEvent, _ b: TradingEvent) -> Bool {
        a.stream == b.stream && a.time == b.time && a.record.strings == b.record.strings
            && a.record.numbers.map { "\($0)" } == b.record.numbers.map { "\($0)" }
    }
}
