/// Configuration form: a plain string is a literal; `{env: NAME}` reads an environment variable; `{file: PATH}` reads
/// a file. Encoding writes the same forms back (a literal's value included: it came from the configuration).
extension SecretValue: Codable {
    private enum CodingKeys: String, CodingKey {
        case env, file, value
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self = .literal(text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let present = container.allKeys
        guard present.count == 1, let key = present.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a secret is a string, or exactly one of `env: NAME`, `file: PATH`"))
        }
        let text = try container.decode(String.self, forKey: key)
        switch key {
        case .env: self = .environment(text)
        case .file: self = .file(text)
        case .value: self = .literal(text)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .literal(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .environment(let name):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .env)
        case .file(let path):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .file)
        }
    }
}
