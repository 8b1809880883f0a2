/// Where an alert is in its life: inactive → pending (`for` running) → firing → resolved.
public enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    case inactive
    case pending
    case firing
    case resolved
}

/// How serious an alert is.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info
    case warning
    case critical

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
