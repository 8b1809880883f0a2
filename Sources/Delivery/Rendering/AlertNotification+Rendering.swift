import AlertModel

extension AlertNotification {
    /// The notification's plain text, whatever its action: a webhook's text, a mail's subject and body, a news item's
    /// topic and body. Renderers escape it; nothing upstream has.
    public var plainText: String {
        switch action {
        case .webhook(_, let text): text
        case .log(let text): text
        case .mail(_, let subject, let body): subject.isEmpty ? body : "\(subject)\n\(body)"
        case .news(let topic, _, let body, _): topic.isEmpty ? body : "\(topic)\n\(body)"
        }
    }

    /// `firing` or `resolved`, as Alertmanager and most receivers name it (a renotify or step is still firing).
    public var status: String { reason == .resolved ? "resolved" : "firing" }

    /// The key's labels and the rule's labels in one map; the key's win a clash, since they identify the alert.
    var allLabels: [String: String] {
        var labels: [String: String] = [:]
        for label in self.labels { labels[label.name] = label.value }
        for label in key.labels { labels[label.name] = label.value }
        return labels
    }
}

extension [AlertNotification] {
    /// `firing` if any notification fires, else `resolved`.
    var batchStatus: String { contains { $0.reason != .resolved } ? "firing" : "resolved" }

    /// An id for the batch, stable for the same notifications in the same order: `g-` and 16 hex digits.
    var groupID: String { "g-" + StableHash.hex(map(\.id).joined(separator: "\n")) }
}
