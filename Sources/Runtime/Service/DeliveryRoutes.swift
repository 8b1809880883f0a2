import AsyncHTTPClient
import CPluginClient
import Delivery
import Logging

/// The outbox's destinations for a running service: MT4 mail and news through each platform's sidecar, every
/// configured webhook receiver, and the log.
enum DeliveryRoutes {
    static func make(
        mail: MailChannel.Settings, receivers: [WebhookReceiver], platforms: [String: MT4RestClient],
        httpClient: HTTPClient, logger: Logger
    ) throws -> [String: DeliveryRoute] {
        let resolve: @Sendable (String) -> MT4RestClient? = { platforms[$0] }
        var routes: [String: DeliveryRoute] = [
            "mail": DeliveryRoute(channel: MailChannel(settings: mail, platform: resolve), concurrency: 4),
            "news": DeliveryRoute(channel: NewsChannel(platform: resolve)),
            "log": DeliveryRoute(channel: LogChannel(logger: logger)),
        ]
        for receiver in receivers {
            let channel = try WebhookChannel(receiver: receiver, httpClient: httpClient, logger: logger)
            routes["webhook:\(receiver.name)"] = channel.route
        }
        return routes
    }
}
