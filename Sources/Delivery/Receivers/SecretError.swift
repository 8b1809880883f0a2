/// Why a secret could not be read. Messages say where mtrules looked and what to do; they never contain a value.
public enum SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyLiteral
    case missingVariable(String)
    case emptyVariable(String)
    case unreadableFile(path: String, reason: String)
    case emptyFile(String)

    public var description: String {
        switch self {
        case .emptyLiteral:
            "The secret is written in the configuration but empty."
        case .missingVariable(let name):
            "The environment variable \(name) is not set: export it before starting mtrules."
        case .emptyVariable(let name):
            "The environment variable \(name) is empty: set it to the secret."
        case .unreadableFile(let path, let reason):
            "Cannot read the secret file '\(path)': \(reason). Check the path and its permissions."
        case .emptyFile(let path):
            "The secret file '\(path)' is empty: write the secret into it."
        }
    }
}
