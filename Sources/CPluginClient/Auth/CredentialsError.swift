/// Why credentials could not be loaded; the messages say where mtrules looked and what to set.
public enum CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingClientID
    case missingSecret
    case unreadableSecretFile(path: String, reason: String)
    case emptySecretFile(path: String)

    public var description: String {
        switch self {
        case .missingClientID:
            "No CPlugin client id: set \(ClientCredentials.clientIDVariable) (or pass --client-id)."
        case .missingSecret:
            "No CPlugin client secret: set \(ClientCredentials.clientSecretVariable), or put the secret in a file "
                + "readable only by this user and set \(ClientCredentials.clientSecretFileVariable) to its path "
                + "(or pass --client-secret-file)."
        case .unreadableSecretFile(let path, let reason):
            "Cannot read the client secret file '\(path)': \(reason). Check the path and its permissions."
        case .emptySecretFile(let path):
            "The client secret file '\(path)' is empty: write the secret CPlugin issued into it."
        }
    }
}
