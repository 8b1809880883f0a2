import Foundation

/// A receiver with its secrets read: what a channel needs to send, plus what it must never show.
///
/// Its textual forms show the receiver's name and a redacted URL only; `redacting(_:)` scrubs every secret value
/// from a text (an error body echoing the URL back) before it goes into an outcome or a log line.
package struct WebhookEndpoint: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package let receiver: WebhookReceiver
    package let url: URL
    package let headers: [(name: String, value: String)]
    package let routingKey: String?
    /// The URL as it may be shown: scheme, host and port, never the path, query or user info.
    package let displayURL: String
    private let secrets: [String]

    /// Validates the receiver and reads its secrets.
    package init(
        receiver: WebhookReceiver, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ReceiverConfigurationError) {
        try receiver.validate()
        func read(_ secret: SecretValue, _ what: String) throws(ReceiverConfigurationError) -> String {
            do {
                return try secret.resolve(environment: environment)
            } catch {
                throw ReceiverConfigurationError(receiver: receiver.name, problem: "\(what): \(error.description)")
            }
        }
        var text = try receiver.url.map { secret throws(ReceiverConfigurationError) in try read(secret, "url") }
        text = text?.trimmingCharacters(in: .whitespaces)
        let urlText = text ?? WebhookReceiver.pagerDutyEventsURL
        if let problem = WebhookReceiver.urlProblem(urlText, kind: receiver.kind) {
            throw ReceiverConfigurationError(receiver: receiver.name, problem: problem)
        }
        guard var components = URLComponents(string: urlText) else {
            throw ReceiverConfigurationError(receiver: receiver.name, problem: "the url is not an absolute URL")
        }
        if receiver.kind == .telegram, !components.path.hasSuffix("/sendMessage") {
            components.path =
                components.path.hasSuffix("/") ? components.path + "sendMessage" : components.path + "/sendMessage"
        }
        guard let url = components.url else {
            throw ReceiverConfigurationError(receiver: receiver.name, problem: "the url is not an absolute URL")
        }
        var headers: [(name: String, value: String)] = []
        for header in receiver.headers {
            headers.append((header.name, try read(header.value, "header \(header.name)")))
        }
        let routingKey = try receiver.routingKey.map { secret throws(ReceiverConfigurationError) in
            try read(secret, "routingKey")
        }
        self.receiver = receiver
        self.url = url
        self.headers = headers
        self.routingKey = routingKey
        self.displayURL = Self.display(components)
        self.secrets = Self.secretFragments(
            url: components, headers: headers.map(\.value), routingKey: routingKey, original: urlText)
    }

    package var description: String { "\(receiver.kind) receiver '\(receiver.name)' at \(displayURL)" }
    package var debugDescription: String { description }
    package var customMirror: Mirror {
        Mirror(self, children: ["receiver": receiver.name, "url": displayURL], displayStyle: .struct)
    }

    /// `https://hooks.slack.com`, `http://127.0.0.1:8080`: scheme, host and port only. Many services put the key in
    /// the path (Slack, Teams, Telegram's bot token, Discord, Zapier) or the query (Google Chat), so neither is ever
    /// shown; the receiver's name says which one it is.
    package static func display(_ components: URLComponents) -> String {
        let scheme = components.scheme ?? "https"
        let host = components.host ?? "?"
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)"
    }

    /// Every value that must not appear in a reason or log: header values, the routing key, the whole URL, and the
    /// URL's parts that may be keys (user info, the query and its values, the path and its key-like segments).
    private static func secretFragments(
        url: URLComponents, headers: [String], routingKey: String?, original: String
    ) -> [String] {
        var fragments = headers + [original, url.string ?? ""]
        if let routingKey { fragments.append(routingKey) }
        if let user = url.user { fragments.append(user) }
        if let password = url.password { fragments.append(password) }
        if let query = url.percentEncodedQuery { fragments.append(query) }
        for item in url.queryItems ?? [] { if let value = item.value { fragments.append(value) } }
        let keys = url.path.split(separator: "/").map(String.init).filter(looksLikeKey)
        if !keys.isEmpty { fragments.append(url.percentEncodedPath) }
        for segment in keys {
            fragments.append(segment)
            // Telegram's `bot<token>` segment: the token alone too.
            if segment.hasPrefix("bot") { fragments.append(String(segment.dropFirst(3))) }
        }
        // A bearer token's credential alone, too.
        fragments += headers.compactMap { $0.split(separator: " ", maxSplits: 1).last.map(String.init) }
        // Longest first, so a value containing another is replaced whole.
        return Array(Set(fragments.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// A path segment that may be a key: long, or with digits among letters (`T024BE7LH`, `123456:ABC-DEF`).
    private static func looksLikeKey(_ segment: String) -> Bool {
        segment.count >= 20 || (segment.count >= 8 && segment.contains { $0.isNumber })
    }

    /// `text` with every secret value replaced by `<redacted>`.
    package func redacting(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}

extension WebhookEndpoint {
    /// An outcome whose reason carries no secret.
    package func redacted(_ outcome: DeliveryOutcome) -> DeliveryOutcome {
        switch outcome {
        case .delivered: .delivered
        case .retry(let reason, let after): .retry(reason: redacting(reason), after: after)
        case .final(let reason): .final(reason: redacting(reason))
        }
    }
}
