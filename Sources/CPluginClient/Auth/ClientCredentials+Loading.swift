import Foundation

extension ClientCredentials {
    /// The environment variable holding the client id.
    public static let clientIDVariable = "MTRULES_CLIENT_ID"
    /// The environment variable holding the client secret.
    public static let clientSecretVariable = "MTRULES_CLIENT_SECRET"
    /// The environment variable naming a file that holds the client secret (for secret stores mounted as files).
    public static let clientSecretFileVariable = "MTRULES_CLIENT_SECRET_FILE"

    /// Loads credentials the way mtrules takes them: never from a configuration file or the command line itself, but
    /// from the environment or a secret file, so they stay out of shell history, `ps` and version control.
    ///
    /// The id is `clientID` if given, else `MTRULES_CLIENT_ID`. The secret is read from `secretFile` if given, else
    /// `MTRULES_CLIENT_SECRET`, else the file named by `MTRULES_CLIENT_SECRET_FILE`. A secret file's trailing line
    /// break and spaces are dropped.
    public static func load(
        clientID: String? = nil, secretFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> ClientCredentials {
        func value(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        guard let id = value(clientID) ?? value(environment[clientIDVariable]) else { throw .missingClientID }
        if let path = value(secretFile) { return ClientCredentials(clientID: id, clientSecret: try readSecret(path)) }
        if let secret = environment[clientSecretVariable], !secret.isEmpty {
            return ClientCredentials(clientID: id, clientSecret: secret)
        }
        if let path = value(environment[clientSecretFileVariable]) {
            return ClientCredentials(clientID: id, clientSecret: try readSecret(path))
        }
        throw .missingSecret
    }

    /// Reads a secret file: its content, without the trailing line break an editor or `echo` adds.
    static func readSecret(_ path: String) throws(CredentialsError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "it cannot be read"
            throw .unreadableSecretFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableSecretFile(path: path, reason: "it is not UTF-8 text")
        }
        var secret = Substring(text)
        while let last = secret.last, last.isWhitespace || last.isNewline { secret.removeLast() }
        guard !secret.isEmpty else { throw .emptySecretFile(path: path) }
        return String(secret)
    }
}
