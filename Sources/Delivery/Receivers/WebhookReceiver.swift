/// A webhook receiver as configured: where notifications for `webhook <name> "…"` actions go, in which format, and how
/// fast. A plain value (Codable, so the YAML configuration produces it); secrets stay `SecretValue`s until a channel is
/// built from it.
public struct WebhookReceiver: Sendable, Hashable {
    /// The name rules use: `webhook risk_desk "…"`.
    public var name: String
    public var kind: WebhookKind
    /// Where to POST. Webhook URLs usually embed a key (Slack, Teams, the Telegram bot token), hence a secret.
    /// Optional only for PagerDuty, which defaults to `https://events.pagerduty.com/v2/enqueue`.
    public var url: SecretValue?
    /// Extra request headers (an `Authorization` for a JSON receiver); values may be secrets.
    public var headers: [Header]
    /// Telegram: the chat to post to (a numeric id like `-1001234567890`, or `@channelname`).
    public var chatID: String?
    /// PagerDuty: the integration's routing key.
    public var routingKey: SecretValue?
    /// For the whole request, connect to last byte of the answer.
    public var timeout: Duration
    /// Requests in flight to this receiver at once.
    public var maxConcurrency: Int
    /// Requests per interval; nil for no limit.
    public var rateLimit: RateLimit?
    public var grouping: GroupingPolicy
    /// A link to this mtrules instance (its status page), passed on as Alertmanager's `externalURL`.
    public var externalURL: String?

    public init(
        name: String, kind: WebhookKind, url: SecretValue?, headers: [Header] = [], chatID: String? = nil,
        routingKey: SecretValue? = nil, timeout: Duration = .seconds(10), maxConcurrency: Int = 4,
        rateLimit: RateLimit? = nil, grouping: GroupingPolicy, externalURL: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.headers = headers
        self.chatID = chatID
        self.routingKey = routingKey
        self.timeout = timeout
        self.maxConcurrency = maxConcurrency
        self.rateLimit = rateLimit
        self.grouping = grouping
        self.externalURL = externalURL
    }

    /// A receiver grouped as its kind usually is (`WebhookKind.defaultGrouping`).
    public init(
        name: String, kind: WebhookKind, url: SecretValue?, headers: [Header] = [], chatID: String? = nil,
        routingKey: SecretValue? = nil, timeout: Duration = .seconds(10), maxConcurrency: Int = 4,
        rateLimit: RateLimit? = nil, externalURL: String? = nil
    ) {
        self.init(
            name: name, kind: kind, url: url, headers: headers, chatID: chatID, routingKey: routingKey,
            timeout: timeout, maxConcurrency: maxConcurrency, rateLimit: rateLimit, grouping: kind.defaultGrouping,
            externalURL: externalURL)
    }

    /// PagerDuty's Events API v2 endpoint (the EU service is `https://events.eu.pagerduty.com/v2/enqueue`).
    public static let pagerDutyEventsURL = "https://events.pagerduty.com/v2/enqueue"

}
