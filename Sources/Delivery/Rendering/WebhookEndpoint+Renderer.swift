extension WebhookEndpoint {
    /// The renderer for this receiver's kind, with what it needs from the configuration.
    package var renderer: any WebhookRenderer {
        switch receiver.kind {
        case .json: JSONPayloadRenderer(receiver: receiver.name)
        case .alertmanager: AlertmanagerRenderer(receiver: receiver.name, externalURL: receiver.externalURL)
        case .slack: SlackRenderer()
        case .teams: TeamsRenderer()
        case .telegram: TelegramRenderer(chatID: receiver.chatID ?? "")
        case .pagerduty: PagerDutyRenderer(routingKey: routingKey ?? "", clientURL: receiver.externalURL)
        }
    }
}
