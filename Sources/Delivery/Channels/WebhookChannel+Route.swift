extension WebhookChannel {
    /// The outbox route for this receiver, with its configured concurrency, rate limit and grouping (PagerDuty is
    /// never grouped: it takes one event per request).
    public var route: DeliveryRoute {
        let grouping = receiver.grouping
        let grouped = supportsBatches && grouping.window > .zero && grouping.maxSize > 1
        return DeliveryRoute(
            channel: self, concurrency: receiver.maxConcurrency,
            rateLimit: receiver.rateLimit.map { (count: $0.count, interval: $0.interval) },
            groupWindow: grouped ? grouping.window : nil, groupLimit: grouped ? grouping.maxSize : 1)
    }
}
