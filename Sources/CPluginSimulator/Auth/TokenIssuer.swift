import Foundation
import Synchronization

/// The simulator's identity server: issues opaque bearer tokens for the client-credentials grant and checks them on
/// every API and hub call. Opaque "reference" tokens are what IdentityServer issues when configured so; clients treat
/// tokens as opaque either way.
public final class TokenIssuer: Sendable {
    public struct Credentials: Sendable, Hashable {
        public var clientID: String
        public var clientSecret: String

        public init(clientID: String, clientSecret: String) {
            self.clientID = clientID
            self.clientSecret = clientSecret
        }

        /// The defaults the simulator prints at start-up.
        public static let demo = Credentials(clientID: "demo", clientSecret: "demo-secret")
    }

    /// A token as the token endpoint returns it.
    public struct IssuedToken: Sendable, Hashable {
        public var accessToken: String
        public var expiresIn: Int
    }

    public enum Failure: Error, Sendable, Equatable {
        /// Unknown client or wrong secret (`invalid_client`).
        case invalidClient
        /// Anything but `client_credentials` (`unsupported_grant_type`).
        case unsupportedGrantType
        /// A scope other than `webapi` (`invalid_scope`).
        case invalidScope
        /// No `grant_type` (`invalid_request`).
        case invalidRequest
    }

    public static let scope = "webapi"

    private let credentials: Credentials
    private let lifetime: @Sendable () -> Double
    private let now: @Sendable () -> Date
    private let tokens = Mutex<[String: Date]>([:])

    /// - Parameters:
    ///   - lifetime: seconds a new token lives; read at issue time so a fault can shorten it while running.
    ///   - now: the clock, injectable so tests can expire tokens without waiting.
    public init(
        credentials: Credentials, lifetime: @escaping @Sendable () -> Double,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.lifetime = lifetime
        self.now = now
    }

    public func issue(
        grantType: String?, clientID: String?, clientSecret: String?, scope: String?
    ) throws(Failure)
        -> IssuedToken
    {
        guard let grantType, !grantType.isEmpty else { throw .invalidRequest }
        guard grantType == "client_credentials" else { throw .unsupportedGrantType }
        guard clientID == credentials.clientID, clientSecret == credentials.clientSecret else { throw .invalidClient }
        if let scope, !scope.isEmpty, !scope.split(separator: " ").allSatisfy({ $0 == Self.scope }) {
            throw .invalidScope
        }
        let seconds = max(1, lifetime())
        let token = Self.randomToken()
        let expiry = now().addingTimeInterval(seconds)
        tokens.withLock { tokens in
            // Forget expired tokens as new ones are issued, so a long run does not accumulate them.
            let current = now()
            tokens = tokens.filter { $0.value > current }
            tokens[token] = expiry
        }
        return IssuedToken(accessToken: token, expiresIn: Int(seconds.rounded(.down)))
    }

    /// Whether a bearer token was issued here and has not expired.
    public func isValid(_ token: String) -> Bool {
        let current = now()
        return tokens.withLock { $0[token].map { $0 > current } ?? false }
    }

    /// Expires every token now (`POST /sim/tokens/expire`), to test refresh on 401.
    public func expireAll() {
        tokens.withLock { $0.removeAll() }
    }

    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
