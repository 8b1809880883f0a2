import CPluginClient
import Delivery
import Foundation

extension RuntimeConfiguration {
    /// Reads the CPlugin client id and secret from where the configuration says (or the standard `MTRULES_CLIENT_*`
    /// variables), at startup. Errors name the variable or file and point at the key that chose it; never the value.
    public func loadCredentials(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ClientCredentials {
        var problems: [ConfigurationDiagnostic] = []
        let id = read(
            credentials.clientID, key: "credentials.clientID", what: "client id", environment: environment,
            problems: &problems
        ) {
            Self.nonEmpty(environment[ClientCredentials.clientIDVariable])
        } missing: {
            (
                "no CPlugin client id: \(ClientCredentials.clientIDVariable) is not set",
                "export \(ClientCredentials.clientIDVariable), or write 'clientID:' under 'credentials:'"
            )
        }
        let secret = read(
            credentials.clientSecret, key: "credentials.clientSecret", what: "client secret",
            environment: environment, problems: &problems
        ) { () throws(SecretError) -> String? in
            if let value = Self.nonEmpty(environment[ClientCredentials.clientSecretVariable]) { return value }
            guard let path = Self.nonEmpty(environment[ClientCredentials.clientSecretFileVariable]) else { return nil }
            return try SecretValue.file(path).resolve(environment: environment)
        } missing: {
            (
                "no CPlugin client secret: neither \(ClientCredentials.clientSecretVariable) nor "
                    + "\(ClientCredentials.clientSecretFileVariable) is set",
                "export \(ClientCredentials.clientSecretFileVariable) with the path of a file holding the secret, or "
                    + "write 'clientSecret: {file: /etc/mtrules/cplugin-secret}' under 'credentials:'"
            )
        }
        guard let id, let secret, problems.isEmpty else { throw ConfigurationError(problems) }
        return ClientCredentials(clientID: id, clientSecret: secret)
    }

    /// One credential: from its configured source, else from the standard variables.
    private func read(
        _ source: SecretValue?, key: String, what: String, environment: [String: String],
        problems: inout [ConfigurationDiagnostic], standard: () throws(SecretError) -> String?,
        missing: () -> (message: String, hint: String)
    ) -> String? {
        do {
            if let source { return try source.resolve(environment: environment) }
            if let value = try standard() { return value }
            let (message, hint) = missing()
            problems.append(
                ConfigurationDiagnostic(.error, message, at: ConfigurationLocation(path: sourcePath), hint: hint))
        } catch {
            problems.append(
                ConfigurationDiagnostic(
                    .error, "the CPlugin \(what) cannot be read: \(error.description)", at: location(of: key)))
        }
        return nil
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
