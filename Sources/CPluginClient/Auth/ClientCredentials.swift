/// The OAuth client id and secret CPlugin issues for the client-credentials grant.
///
/// The secret is readable only inside this module, and every textual form of a value (`description`,
/// `debugDescription`, `dump`, string interpolation) shows the id alone, so credentials can be logged, put in errors
/// and printed by test failures without leaking the secret.
public struct ClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let clientID: String
    let secret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.secret = clientSecret
    }

    public var description: String { "ClientCredentials(clientID: \(clientID), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["clientID": clientID], displayStyle: .struct) }

    /// Replaces the secret wherever it appears in `text` (say, a server echoing it back), before the text goes into an
    /// error or a log line.
    func redacting(_ text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "<redacted>")
    }
}
