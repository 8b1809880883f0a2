import Foundation

extension CPluginEnvironment {
    /// Reads the `--env` / configuration form: `production`, `sandbox`, or one URL (or a comma-separated list in
    /// failover order) of a custom deployment whose first URL is also its OAuth authority (discovery), as the simulator
    /// serves `/connect/token` and discovery at its base.
    public init(parsing text: String) throws(EnvironmentError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed.lowercased() {
        case "production", "prod": self = .production
        case "sandbox", "pre": self = .sandbox
        case "": throw .unrecognized(text)
        default:
            var urls: [URL] = []
            for part in trimmed.split(separator: ",") {
                let item = part.trimmingCharacters(in: .whitespaces)
                guard item.contains("://") else { throw .unrecognized(text) }
                guard let url = URL(string: item) else { throw .invalidURL(item) }
                urls.append(url)
            }
            self = try .custom(apiBaseURLs: urls)
        }
    }
}
