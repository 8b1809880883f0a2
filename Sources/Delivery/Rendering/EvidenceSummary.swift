import AlertModel

/// The evidence of a notification as receivers get it: which rule version decided, the values its conditions read,
/// and for each window how many samples it held (not the samples: `mtrules alerts explain` shows those).
public struct EvidenceSummary: Sendable, Hashable, Codable {
    public struct Input: Sendable, Hashable, Codable {
        public var expression: String
        public var value: String
    }

    public struct Window: Sendable, Hashable, Codable {
        public var expression: String
        public var samples: Int
    }

    public var ruleFile: String
    public var ruleHash: String
    public var inputs: [Input]
    public var windows: [Window]

    public init(_ evidence: Evidence) {
        ruleFile = evidence.ruleFile
        ruleHash = evidence.ruleHash
        inputs = evidence.inputs.map { Input(expression: $0.expression, value: $0.value) }
        windows = evidence.windows.map { Window(expression: $0.expression, samples: $0.totalSamples) }
    }

    /// `level=95%, equity=950`, for formats that only take strings (Alertmanager annotations).
    public var oneLine: String {
        inputs.map { "\($0.expression)=\($0.value)" }.joined(separator: ", ")
    }
}
