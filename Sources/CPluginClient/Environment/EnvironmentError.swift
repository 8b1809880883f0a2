/// Why an environment could not be set up; each case says what to write instead.
public enum EnvironmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither `production`, `sandbox` nor a URL.
    case unrecognized(String)
    /// Not an absolute http(s) URL with a host (and without a query or fragment).
    case invalidURL(String)
    /// A custom environment needs at least one API base URL.
    case noBaseURL

    public var description: String {
        switch self {
        case .unrecognized(let text):
            "'\(text)' is not an environment: use 'production', 'sandbox', or a base URL such as "
                + "'https://webapi.example.com' (several, comma-separated, are tried in order)."
        case .invalidURL(let text):
            "'\(text)' is not a usable base URL: give an absolute http:// or https:// URL with a host and no query, "
                + "such as 'https://webapi.example.com'."
        case .noBaseURL:
            "A custom environment needs at least one API base URL."
        }
    }
}
