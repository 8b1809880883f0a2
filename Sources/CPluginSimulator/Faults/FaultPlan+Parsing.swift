import Foundation

/// A bad `--faults` item: which one, what is wrong, and the items there are.
public struct FaultPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public var item: String
    public var message: String

    public init(item: String, message: String) {
        self.item = item
        self.message = message
    }

    public var description: String {
        "bad fault '\(item)': \(message); valid faults: \(FaultPlan.syntax.joined(separator: ", "))"
    }
}

extension FaultPlan {
    /// The items `parse(_:)` understands, for messages and help text.
    public static let syntax = [
        "drop-every=DURATION", "drop-after=MESSAGES", "delay=DURATION", "rest-5xx=PERCENT", "rest-timeout=PERCENT",
        "rest-timeout-wait=DURATION", "token-ttl=DURATION", "refuse-negotiate=COUNT|all", "refuse-websockets",
        "stall-after=DURATION",
    ]

    /// Parses the `--faults` syntax: comma-separated items such as
    /// `drop-every=5s,drop-after=1000,delay=50ms,rest-5xx=10%,rest-timeout=5%,token-ttl=20s,refuse-negotiate=3`,
    /// `refuse-negotiate=all`, `refuse-websockets`, `stall-after=10s`. Durations as in the rule language (`50ms`,
    /// `5s`, `1m30s`); shares as `10%` or `0.1`. An empty text or `none` is no faults; an item given twice is an
    /// error.
    public static func parse(_ text: String) throws(FaultPlanError) -> FaultPlan {
        var plan = FaultPlan()
        var seen: [String] = []
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "none" { return plan }
        for rawItem in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { throw FaultPlanError(item: "", message: "empty item (two commas in a row?)") }
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : nil
            guard !seen.contains(key) else { throw FaultPlanError(item: item, message: "'\(key)' is given twice") }
            seen.append(key)

            func required() throws(FaultPlanError) -> String {
                guard let value, !value.isEmpty else {
                    throw FaultPlanError(item: item, message: "'\(key)' needs a value, as in \(example(key))")
                }
                return value
            }
            func duration() throws(FaultPlanError) -> Double {
                let text = try required()
                guard let seconds = DurationText.parse(text), seconds > 0 else {
                    throw FaultPlanError(
                        item: item, message: "'\(text)' is not a positive duration such as 50ms, 5s or 1m30s")
                }
                return seconds
            }
            func share() throws(FaultPlanError) -> Double {
                let text = try required()
                let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
                guard let number, number >= 0, number <= 1 else {
                    throw FaultPlanError(item: item, message: "'\(text)' is not a share from 0% to 100% (or 0 to 1)")
                }
                return number
            }
            func count() throws(FaultPlanError) -> Int {
                let text = try required()
                guard let number = Int(text), number > 0 else {
                    throw FaultPlanError(item: item, message: "'\(text)' is not a positive whole number")
                }
                return number
            }

            switch key {
            case "drop-every": plan.dropEvery = try duration()
            case "drop-after": plan.dropAfterMessages = try count()
            case "delay": plan.messageDelay = try duration()
            case "rest-5xx": plan.rest5xxRate = try share()
            case "rest-timeout": plan.restTimeoutRate = try share()
            case "rest-timeout-wait": plan.restTimeoutSeconds = try duration()
            case "token-ttl": plan.tokenLifetime = try duration()
            case "stall-after": plan.stallAfter = try duration()
            case "refuse-negotiate":
                if value == nil || value == "all" {
                    plan.refuseNegotiate = -1
                } else {
                    plan.refuseNegotiate = try count()
                }
            case "refuse-websockets":
                switch value?.lowercased() {
                case nil, "true", "yes", "on", "1": plan.refuseWebSockets = true
                case "false", "no", "off", "0": plan.refuseWebSockets = false
                default:
                    throw FaultPlanError(item: item, message: "'refuse-websockets' takes no value (or true/false)")
                }
            default:
                var message = "unknown fault '\(key)'"
                let names = syntax.map { String($0.prefix { $0 != "=" }) }
                if let close = ScenarioLine.suggestion(for: key, among: names) {
                    message += "; did you mean '\(close)'?"
                }
                throw FaultPlanError(item: item, message: message)
            }
        }
        return plan
    }

    private static func example(_ key: String) -> String {
        syntax.first { $0.hasPrefix(key + "=") } ?? key
    }
}
