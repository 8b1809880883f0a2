import CPluginClient
import Delivery

/// Where the CPlugin OAuth client id and secret come from. The configuration names a source, never the secret
/// itself, so the file can live in version control; nil means mtrules' standard variables (`MTRULES_CLIENT_ID`,
/// `MTRULES_CLIENT_SECRET`, `MTRULES_CLIENT_SECRET_FILE`).
public struct CredentialSources: Sendable, Hashable, CustomStringConvertible {
    /// A literal is allowed: a client id is not a secret.
    public var clientID: SecretValue?
    /// `env:` or `file:` only when read from a configuration file.
    public var clientSecret: SecretValue?

    public init(clientID: SecretValue? = nil, clientSecret: SecretValue? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The standard variables for both.
    public static let standard = CredentialSources()

    /// The credentials `mtrules simulate` accepts unless told otherwise (they protect nothing).
    public static let simulator = CredentialSources(clientID: .literal("demo"), clientSecret: .literal("demo-secret"))

    /// `client id env:MTRULES_CLIENT_ID, secret file:/etc/mtrules/cplugin-secret`: sources only, never values.
    public var description: String {
        let id = clientID.map { "\($0)" } ?? "env:\(ClientCredentials.clientIDVariable)"
        let secret =
            clientSecret.map { "\($0)" }
            ?? "env:\(ClientCredentials.clientSecretVariable) or file named by env:\(ClientCredentials.clientSecretFileVariable)"
        return "client id \(id), secret \(secret)"
    }
}
