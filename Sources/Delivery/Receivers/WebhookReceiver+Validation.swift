import Foundation

extension WebhookReceiver {
    /// Checks everything that can be checked without reading secrets, and reports every problem at once.
    /// URLs from the environment or a file are checked when the channel resolves them.
    public func validate() throws(ReceiverConfigurationError) {
        var problems: [String] = []
        if name.isEmpty {
            problems.append("the name is empty")
        } else if !Self.isValidName(name) {
            problems.append("the name must be letters, digits, '_' or '-', starting with a letter or '_'")
        }
        switch url {
        case .none where kind != .pagerduty:
            problems.append("\(kind) receivers need a url")
        case .literal(let text)?:
            if let problem = Self.urlProblem(text, kind: kind) { problems.append(problem) }
        default:
            break
        }
        if kind == .telegram {
            if let chatID {
                if !Self.isValidChatID(chatID) {
                    problems.append(
                        "chatID must be a numeric chat id (like -1001234567890) or a public @channelname")
                }
            } else {
                problems.append("telegram receivers need chatID (the chat to post to)")
            }
        } else if chatID != nil {
            problems.append("chatID is only used by telegram receivers")
        }
        if kind == .pagerduty {
            if routingKey == nil { problems.append("pagerduty receivers need routingKey (the integration key)") }
        } else if routingKey != nil {
            problems.append("routingKey is only used by pagerduty receivers")
        }
        let reserved: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
        for header in headers {
            if header.name.isEmpty || !header.name.allSatisfy(Self.isTokenCharacter) {
                problems.append("header name '\(header.name)' is not a valid HTTP header name")
            } else if reserved.contains(header.name.lowercased()) {
                problems.append("header '\(header.name)' is set by mtrules and cannot be configured")
            }
        }
        if timeout <= .zero || timeout > .seconds(300) {
            problems.append("timeout must be more than 0 and at most 5m")
        }
        if !(1...256).contains(maxConcurrency) { problems.append("maxConcurrency must be between 1 and 256") }
        if let rateLimit, rateLimit.count < 1 || rateLimit.interval <= .zero {
            problems.append("rateLimit must allow at least 1 request per a positive interval")
        }
        if grouping.window < .zero || grouping.window > .seconds(600) {
            problems.append("grouping.window must be between 0s and 10m")
        }
        if !(1...1000).contains(grouping.maxSize) { problems.append("grouping.maxSize must be between 1 and 1000") }
        if let externalURL, Self.urlProblem(externalURL, kind: .json) != nil {
            problems.append("externalURL must be an absolute http(s) URL")
        }
        if !problems.isEmpty { throw ReceiverConfigurationError(receiver: name, problems: problems) }
    }

    /// What is wrong with a URL, in words that do not repeat it (it may hold a key).
    static func urlProblem(_ text: String, kind: WebhookKind) -> String? {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased()
        else { return "the url is not an absolute URL" }
        guard scheme == "http" || scheme == "https" else {
            return "the url must use http or https, not \(scheme)"
        }
        guard let host = components.host, !host.isEmpty else { return "the url has no host" }
        if kind == .telegram, host == "api.telegram.org", !components.path.hasPrefix("/bot") {
            return "a Telegram url looks like https://api.telegram.org/bot<token>/sendMessage"
        }
        return nil
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }

    private static func isValidChatID(_ chatID: String) -> Bool {
        if chatID.hasPrefix("@") {
            let rest = chatID.dropFirst()
            return rest.count >= 4
                && rest.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
                }
        }
        let digits = chatID.hasPrefix("-") ? chatID.dropFirst() : Substring(chatID)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let scalar = character.unicodeScalars.first else { return false }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".contains(character)
    }
}
