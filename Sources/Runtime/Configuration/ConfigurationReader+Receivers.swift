import Delivery
import Foundation
import Yams

extension ConfigurationReader {
    /// The keys of a receiver entry: `WebhookReceiver`'s configuration form (see docs/operations.md).
    static let receiverKeys = [
        "name", "kind", "url", "headers", "chatID", "routingKey", "timeout", "maxConcurrency", "rateLimit", "grouping",
        "externalURL",
    ]

    /// Each entry is checked for unknown keys (the decoder would ignore them), decoded with `WebhookReceiver`'s own
    /// `Decodable` form so the shape stays the one operations.md documents, then validated; every problem is reported
    /// at the key it came from.
    mutating func readReceivers(_ node: Node?) -> [WebhookReceiver] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            error(
                "'receivers' must be a list of receivers, not \(Self.describe(node))", at: node,
                hint: "start each receiver with '- name: …'")
            return []
        }
        var receivers: [WebhookReceiver] = []
        var firstUse: [String: ConfigurationLocation] = [:]
        for (index, item) in sequence.enumerated() {
            let keyPath = "receivers[\(index)]"
            remember(keyPath, item)
            guard var receiver = readReceiver(item, keyPath) else { continue }
            remember("receivers.\(receiver.name)", item)
            let nameNode = section(item, keyPath: keyPath, allowed: Self.receiverKeys)["name"]
            if let first = firstUse[receiver.name] {
                error(
                    "receiver name '\(receiver.name)' is used twice (first at \(first.line):\(first.column))",
                    at: nameNode ?? item, hint: "rules send to a receiver by name: give each a name of its own")
                continue
            }
            firstUse[receiver.name] = location(nameNode ?? item)
            receiver.url = receiver.url.map(resolvingFile)
            receiver.routingKey = receiver.routingKey.map(resolvingFile)
            receiver.headers = receiver.headers.map { .init(name: $0.name, value: resolvingFile($0.value)) }
            receivers.append(receiver)
        }
        return receivers
    }

    private mutating func readReceiver(_ node: Node, _ keyPath: String) -> WebhookReceiver? {
        let errorsBefore = diagnostics.count
        let entry = section(node, keyPath: keyPath, allowed: Self.receiverKeys)
        guard case .mapping = node else { return nil }
        if let grouping = entry["grouping"] {
            _ = section(grouping, keyPath: entry.path("grouping"), allowed: ["window", "maxSize"])
        }
        if let rateLimit = entry["rateLimit"], case .mapping = rateLimit {
            _ = section(rateLimit, keyPath: entry.path("rateLimit"), allowed: ["count", "per"])
        }
        var secrets = ["url", "routingKey"].compactMap { key in entry[key].map { (entry.path(key), $0) } }
        if let headers = entry["headers"], case .mapping(let mapping) = headers {
            for (key, value) in mapping { secrets.append((entry.path("headers.\(key.string ?? "?")"), value)) }
        }
        for (path, secret) in secrets where secret.mapping != nil {
            _ = section(secret, keyPath: path, allowed: ["env", "file", "value"])
        }
        let name = entry["name"]?.string.map { "receiver '\($0)'" } ?? "'\(keyPath)'"

        let receiver: WebhookReceiver
        do {
            receiver = try YAMLDecoder().decode(WebhookReceiver.self, from: node)
        } catch let decodingError as DecodingError {
            report(decodingError, in: node, name: name)
            return nil
        } catch {
            self.error("\(name) cannot be read: \(error)", at: node)
            return nil
        }
        do {
            try receiver.validate()
        } catch {
            for problem in error.problems { self.error("\(name): \(problem)", at: node) }
        }
        return diagnostics[errorsBefore...].contains(where: \.isError) ? nil : receiver
    }

    /// Places a decoding error at the node its coding path leads to.
    private mutating func report(_ decodingError: DecodingError, in node: Node, name: String) {
        func place(_ context: DecodingError.Context) -> (Node, String) {
            var current = node
            var keys: [String] = []
            for key in context.codingPath {
                if let index = key.intValue, case .sequence(let sequence) = current, index < sequence.count {
                    current = sequence[index]
                    keys.append("[\(index)]")
                } else if case .mapping(let mapping) = current, let next = mapping[key.stringValue] {
                    current = next
                    keys.append(keys.isEmpty ? key.stringValue : ".\(key.stringValue)")
                }
            }
            return (current, keys.joined())
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let (at, _) = place(context)
            error("\(name) is missing '\(key.stringValue)'", at: at)
        case .typeMismatch(let type, let context):
            let (at, key) = place(context)
            error("\(name): '\(key)' must be \(Self.expectation(type)), not \(Self.describe(at))", at: at)
        case .valueNotFound(_, let context):
            let (at, key) = place(context)
            error("\(name): '\(key)' has no value", at: at)
        case .dataCorrupted(let context):
            let (at, key) = place(context)
            error("\(name): '\(key)': \(context.debugDescription)", at: at)
        @unknown default:
            error("\(name) cannot be read", at: node)
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "text"
        default: "\(type)"
        }
    }

    /// A relative `file:` secret is relative to the configuration file, as every other path in it.
    private func resolvingFile(_ secret: SecretValue) -> SecretValue {
        if case .file(let path) = secret { return .file(resolvePath(path)) }
        return secret
    }
}
