extension WebhookReceiver {
    /// One extra request header; the value may come from the environment or a file (`Authorization: Bearer …`).
    public struct Header: Sendable, Hashable, Codable, CustomStringConvertible {
        public var name: String
        public var value: SecretValue

        public init(name: String, value: SecretValue) {
            self.name = name
            self.value = value
        }

        /// `X-Api-Key: env:API_KEY`: the name and where the value comes from, never the value.
        public var description: String { "\(name): \(value)" }
    }
}
