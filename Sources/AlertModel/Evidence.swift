/// What decided an alert: the values its conditions read and the window contents behind window functions, plus the
/// rule file's hash so an explanation names the exact rule version.
public struct Evidence: Sendable, Hashable, Codable {
    public struct Input: Sendable, Hashable, Codable {
        public var expression: String
        public var value: String

        public init(expression: String, value: String) {
            self.expression = expression
            self.value = value
        }
    }

    public struct WindowContents: Sendable, Hashable, Codable {
        public struct Sample: Sendable, Hashable, Codable {
            public var time: Timestamp
            public var value: Double

            public init(time: Timestamp, value: Double) {
                self.time = time
                self.value = value
            }
        }

        public var expression: String
        /// The most recent samples, oldest first (bounded, so a busy window cannot bloat an alert).
        public var samples: [Sample]
        public var totalSamples: Int

        public init(expression: String, samples: [Sample], totalSamples: Int) {
            self.expression = expression
            self.samples = samples
            self.totalSamples = totalSamples
        }
    }

    public var ruleFile: String
    public var ruleHash: String
    public var inputs: [Input]
    public var windows: [WindowContents]

    public init(ruleFile: String, ruleHash: String, inputs: [Input], windows: [WindowContents]) {
        self.ruleFile = ruleFile
        self.ruleHash = ruleHash
        self.inputs = inputs
        self.windows = windows
    }
}
