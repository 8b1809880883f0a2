import AlertModel
import RuleEngine
import RuleLanguage
import Testing

/// Compiles rule source against the trading schema, failing the test with the diagnostics when it does not compile.
func compileRules(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CompiledRuleSet
{
    let result = RuleSetCompiler(schema: TradingSchema.shared.language).compile(source: source, path: "test.rules")
    let errors = result.diagnostics.filter(\.isError).map { "\($0.location): \($0.message)" }
    #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    return try #require(result.ruleSet, sourceLocation: sourceLocation)
}

/// 2026-01-05T00:00:00Z, a Monday, the default start of rule tests.
let epoch = Timestamp(milliseconds: 1_767_571_200_000)

func at(_ seconds: Double) -> Timestamp {
    epoch.adding(milliseconds: Int64((seconds * 1000).rounded()))
}

/// An event with the given fields set by name.
func event(
    _ stream: TradingStream, _ kind: String = "", at seconds: Double, platform: String = "MT4",
    _ fields: [String: TradingEvent.Value]
) throws -> TradingEvent {
    var event = TradingEvent.empty(stream, kind: kind, platform: platform, time: at(seconds))
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
        try event.set(name, value)
    }
    return event
}

func margin(
    at seconds: Double, login: Double, level: Double, group: String = "real-A", equity: Double = 1000
)
    throws -> TradingEvent
{
    try event(
        .margin, at: seconds,
        [
            "login": .number(login), "level": .number(level), "group": .string(group), "equity": .number(equity),
            "balance": .number(1000), "margin": .number(1000),
        ])
}

extension EngineOutput {
    var transitionSummary: [String] {
        transitions.map {
            "\($0.key.rule)[\($0.key.labels.map(\.value).joined(separator: ","))] \($0.from.rawValue)->\($0.to.rawValue)"
        }
    }

    var texts: [String] {
        notifications.map { notification in
            switch notification.action {
            case .webhook(let receiver, let text): return "\(receiver): \(text)"
            case .log(let text): return "log: \(text)"
            case .mail(_, let subject, let body): return "mail: \(subject) / \(body)"
            case .news(let topic, _, let body, _): return "news: \(topic) / \(body)"
            }
        }
    }
}
