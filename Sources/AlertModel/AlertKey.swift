/// Identifies one alert: a rule and the values of its `by` fields on one trade platform.
public struct AlertKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public struct Label: Sendable, Hashable, Codable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var rule: String
    public var platform: String
    public var labels: [Label]

    public init(rule: String, platform: String, labels: [Label]) {
        self.rule = rule
        self.platform = platform
        self.labels = labels
    }

    public func value(of name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// `margin_call{login=1001}@MT4-Live`.
    public var description: String {
        let parts = labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(rule){\(parts)}" + (platform.isEmpty ? "" : "@\(platform)")
    }
}
