import AlertModel
import RuleLanguage

/// A rule test as written in a `.test` file: rule files to load and a timeline of events and expectations.
public struct RuleTest: Sendable {
    public var name: String
    public var file: SourceFile
    public var range: SourceRange
    /// Rule files, relative to the test file's directory; empty means every `.rules` file beside it.
    public var loads: [String]
    public var start: Timestamp
    public var platform: String
    public var steps: [Step]

    public enum Step: Sendable {
        /// `at 31s` with an optional event.
        case at(offset: Int64, event: EventSpec?, range: SourceRange)
        case expect(Expectation, range: SourceRange)
    }

    public struct EventSpec: Sendable {
        public var stream: TradingStream
        public var kind: String
        public var fields: [(name: Identifier, value: TradingEvent.Value)]
        public var platform: String?
    }

    public enum Expectation: Sendable {
        case noAlerts
        case state(AlertState, rule: String, labels: [(String, String)])
        /// A firing transition happened at this step (for momentary rules, which resolve at once).
        case fired(rule: String, labels: [(String, String)])
        case notification(NotificationMatcher)
        /// Nothing on the channel (all channels when nil), or to the named webhook receiver.
        case noNotification(channel: String?, receiver: String?)
    }

    /// Matches one notification made at the current step; text fields match when they contain the given text.
    public struct NotificationMatcher: Sendable {
        public var channel: String
        public var mailTo: Int?
        public var receiver: String?
        public var texts: [(part: String, text: String)]
    }
}
