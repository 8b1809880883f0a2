/// A message template: literal text with `{expression}` or `{expression:spec}` placeholders.
/// `{{` and `}}` stand for literal braces.
public struct Template: Sendable {
    public enum Segment: Sendable {
        case literal(String)
        case placeholder(Expression, format: FormatSpec?)
    }

    public var segments: [Segment]
    public var range: SourceRange

    public init(segments: [Segment], range: SourceRange) {
        self.segments = segments
        self.range = range
    }
}

/// How a placeholder's value is printed: `.1f` (fixed decimals), `money` (grouped, 2 decimals),
/// `int`, `time`, `date`, `duration`, `upper`, `lower`.
public struct FormatSpec: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case fixed(decimals: Int)
        case money
        case integer
        case time
        case date
        case duration
        case upper
        case lower
    }

    public var style: Style
    public var range: SourceRange

    public init(style: Style, range: SourceRange) {
        self.style = style
        self.range = range
    }

    static let names = ["money", "int", "time", "date", "duration", "upper", "lower", ".1f", ".2f"]
}
