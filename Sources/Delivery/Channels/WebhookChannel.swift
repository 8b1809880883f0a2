import AlertModel
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Delivers notifications to one webhook receiver: renders the batch in the receiver's format, POSTs it with the
/// receiver's headers and timeout, and judges the answer (delivered, retry later, or final).
///
/// Secrets are read once, when the channel is made, so a missing variable is a startup error, not a dead letter.
/// Outcomes and log lines show the receiver's name and a redacted URL, never a key, token or header value.
public struct WebhookChannel: DeliveryChannel {
    public var name: String { endpoint.receiver.name }
    public var supportsBatches: Bool { endpoint.receiver.kind.supportsBatches }
    public var receiver: WebhookReceiver { endpoint.receiver }

    let endpoint: WebhookEndpoint
    private let renderer: any WebhookRenderer
    private let httpClient: HTTPClient
    private let logger: Logger
    let now: @Sendable () -> Date

    /// Validates `receiver` and reads its secrets from `environment` and files.
    ///
    /// - Parameters:
    ///   - httpClient: shared by all channels; its owner shuts it down.
    ///   - logger: where attempts are logged; nowhere unless given.
    ///   - now: the wall clock, for `Retry-After` given as an HTTP date.
    public init(
        receiver: WebhookReceiver, httpClient: HTTPClient = .shared,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "mtrules.delivery.webhook", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ReceiverConfigurationError) {
        self.endpoint = try WebhookEndpoint(receiver: receiver, environment: environment)
        self.renderer = endpoint.renderer
        self.httpClient = httpClient
        self.logger = logger
        self.now = now
    }

    /// Sends the batch's non-shadow notifications (shadow ones are never sent: delivering nothing counts as delivered).
    /// A kind that takes one notification per request (PagerDuty) gets them in order and stops at the first failure,
    /// whose outcome is the batch's; repeating the ones already accepted is harmless, their dedup keys match.
    public func deliver(_ batch: [AlertNotification]) async -> DeliveryOutcome {
        let live = batch.filter { !$0.shadow }
        guard !live.isEmpty else { return .delivered }
        let bodies: [WebhookBody]
        do {
            bodies = try renderer.render(live)
        } catch {
            return .final(reason: endpoint.redacting("\(endpoint.displayURL): cannot render the message: \(error)"))
        }
        for body in bodies {
            let outcome = await send(body)
            switch outcome {
            case .delivered:
                logger.debug(
                    "Webhook delivered",
                    metadata: ["receiver": "\(name)", "notifications": "\(body.notificationIDs.count)"])
            case .retry(let reason, _):
                logger.warning("Webhook failed, will retry", metadata: ["receiver": "\(name)", "reason": "\(reason)"])
                return outcome
            case .final(let reason):
                logger.error("Webhook refused", metadata: ["receiver": "\(name)", "reason": "\(reason)"])
                return outcome
            }
        }
        return .delivered
    }

    /// One POST, judged.
    private func send(_ body: WebhookBody) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: endpoint.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: body.contentType)
        request.headers.add(name: "User-Agent", value: "mtrules")
        if let key = body.idempotencyKey { request.headers.add(name: "Idempotency-Key", value: key) }
        for header in endpoint.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body.data))
        let answer: WebhookAnswer
        do {
            let response = try await httpClient.execute(
                request, timeout: .nanoseconds(Int64(endpoint.receiver.timeout / .nanoseconds(1))))
            answer = WebhookAnswer(
                status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                body: try await Self.readExcerpt(response.body))
        } catch {
            return endpoint.redacted(transportOutcome(error))
        }
        return endpoint.redacted(classify(answer))
    }

    /// The start of an answer's body (enough for an error message), reading the rest away so the connection can be
    /// reused.
    private static func readExcerpt(_ body: HTTPClientResponse.Body) async throws -> String {
        var buffer = ByteBuffer()
        for try await chunk in body where buffer.readableBytes < 16_384 {
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        return String(buffer: buffer)
    }
}

extension WebhookChannel: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `slack receiver 'risk_desk' at https://hooks.slack.com`: never the URL's path, a header or a routing key.
    public var description: String { "WebhookChannel(\(endpoint))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["receiver": name, "url": endpoint.displayURL], displayStyle: .struct)
    }
}
