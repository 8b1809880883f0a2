import CPluginClient
import Foundation
import HTTPTypes
import Hummingbird

/// The x86 sidecar: the 32-bit-only MT4 methods (`MailSend`, `NewsSend`) on their own port, with the spec's
/// validation, `Idempotency-Key` and the v2 envelope; plus `/sim/mail` and `/sim/news` to read what was sent.
struct SidecarRoutes: Sendable {
    let issuer: TokenIssuer
    let mailbox: Mailbox
    var webhooks = WebhookInbox()
    let platform: @Sendable (UUID) -> SimulatedPlatform?
    let now: @Sendable () -> Date

    func add(to router: Router<BasicRequestContext>) {
        router.post("/api/v2/MT4/:tradePlatform/MailSend") { request, context -> Response in
            try await handle(request, context) { body, platformID, key in
                let mail: MT4MailSendRequest
                do {
                    mail = try JSONDecoder().decode(MT4MailSendRequest.self, from: Data(buffer: body))
                } catch {
                    return .failure(
                        ApiError(code: .validation, message: "The request body is not a valid MT4MailSendRequest."))
                }
                if let problem = Self.validate(mail) {
                    return .failure(ApiError(code: .validation, message: problem))
                }
                _ = mailbox.record(Mailbox.Mail(time: now(), platform: platformID, idempotencyKey: key, request: mail))
                return .success(())
            }
        }
        router.post("/api/v2/MT4/:tradePlatform/NewsSend") { request, context -> Response in
            try await handle(request, context) { body, platformID, key in
                let news: MT4NewsSendRequest
                do {
                    news = try JSONDecoder().decode(MT4NewsSendRequest.self, from: Data(buffer: body))
                } catch {
                    return .failure(
                        ApiError(code: .validation, message: "The request body is not a valid MT4NewsSendRequest."))
                }
                if let problem = Self.validate(news) {
                    return .failure(ApiError(code: .validation, message: problem))
                }
                _ = mailbox.record(Mailbox.News(time: now(), platform: platformID, idempotencyKey: key, request: news))
                return .success(())
            }
        }
        router.get("/sim/mail") { _, _ -> Response in HTTPResponses.json(mailbox.mail.map(MailRecord.init)) }
        router.get("/sim/news") { _, _ -> Response in HTTPResponses.json(mailbox.news.map(NewsRecord.init)) }
        router.delete("/sim/messages") { _, _ -> Response in
            mailbox.clear()
            webhooks.clear()
            return HTTPResponses.status(.noContent)
        }
        router.post("/sim/webhooks/:receiver") { request, context -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            webhooks.record(
                WebhookInbox.Delivery(
                    time: now(), receiver: context.parameters.get("receiver") ?? "", body: Data(body.readableBytesView),
                    headers: headers))
            return HTTPResponses.status(.ok)
        }
        router.get("/sim/webhooks") { _, _ -> Response in
            HTTPResponses.json(
                webhooks.deliveries.map {
                    WebhookRecord(
                        time: HubTime.format($0.time) + "Z", receiver: $0.receiver,
                        body: String(decoding: $0.body, as: UTF8.self))
                })
        }
    }

    /// Authenticates, finds the platform, reads the body and wraps the outcome in the v2 envelope. `data` is a
    /// non-nullable boolean in the spec's `BooleanApiResponse`, so a refusal answers `false` with the error.
    private func handle(
        _ request: Request, _ context: BasicRequestContext,
        _ body: (ByteBuffer, UUID, String?) -> Result<Void, ApiError>
    ) async throws -> Response {
        guard let token = HTTPResponses.bearerToken(request), issuer.isValid(token) else {
            return HTTPResponses.unauthorized
        }
        let meta = ApiMeta(activityId: HTTPResponses.activityID())
        guard let id = context.parameters.get("tradePlatform").flatMap(UUID.init(uuidString:)), platform(id) != nil
        else {
            return HTTPResponses.json(
                ApiResponse<Bool>(
                    data: false, error: ApiError(code: .notFound, message: "Trade platform not found."), meta: meta))
        }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let given = key, given.isEmpty || given.count > 255 {
            return HTTPResponses.json(
                ApiResponse<Bool>(
                    data: false,
                    error: ApiError(code: .validation, message: "Idempotency-Key must be 1 to 255 characters."),
                    meta: meta))
        }
        let payload = try await request.body.collect(upTo: 4 << 20)
        let outcome: HTTPFields = [HTTPField.Name("X-Request-Outcome")!: "Completed"]
        switch body(payload, id, key) {
        case .success:
            return HTTPResponses.json(ApiResponse(data: true, meta: meta), headers: outcome)
        case .failure(let error):
            return HTTPResponses.json(ApiResponse<Bool>(data: false, error: error, meta: meta), headers: outcome)
        }
    }

    static func validate(_ mail: MT4MailSendRequest) -> String? {
        guard let body = mail.body, !body.isEmpty else { return "Body is required." }
        guard let logins = mail.logins, !logins.isEmpty else { return "At least one recipient login is required." }
        if logins.count > MT4MailSendRequest.recipientLimit {
            return "At most \(MT4MailSendRequest.recipientLimit) recipients per request."
        }
        if let subject = mail.subject, subject.count > MT4MailSendRequest.subjectLimit {
            return "Subject must be at most \(MT4MailSendRequest.subjectLimit) characters."
        }
        if let name = mail.senderName, name.count > MT4MailSendRequest.senderNameLimit {
            return "SenderName must be at most \(MT4MailSendRequest.senderNameLimit) characters."
        }
        if logins.contains(where: { $0 <= 0 }) { return "Logins must be positive." }
        return nil
    }

    static func validate(_ news: MT4NewsSendRequest) -> String? {
        guard let topic = news.topic, !topic.isEmpty else { return "Topic is required." }
        guard let body = news.body, !body.isEmpty else { return "Body is required." }
        if topic.count > MT4NewsSendRequest.topicLimit {
            return "Topic must be at most \(MT4NewsSendRequest.topicLimit) characters."
        }
        if let category = news.category, category.count > MT4NewsSendRequest.categoryLimit {
            return "Category must be at most \(MT4NewsSendRequest.categoryLimit) characters."
        }
        return nil
    }

    /// `/sim/webhooks` entries: the body as received.
    struct WebhookRecord: Encodable {
        let time: String
        let receiver: String
        let body: String
    }

    /// `/sim/mail` entries: the request as sent, with when, where and its idempotency key.
    struct MailRecord: Encodable {
        let time: String
        let platform: UUID
        let idempotencyKey: String?
        let senderLogin: Int
        let senderName: String?
        let subject: String?
        let body: String?
        let logins: [Int]?

        init(_ mail: Mailbox.Mail) {
            time = HubTime.format(mail.time) + "Z"
            platform = mail.platform
            idempotencyKey = mail.idempotencyKey
            senderLogin = mail.request.senderLogin
            senderName = mail.request.senderName
            subject = mail.request.subject
            body = mail.request.body
            logins = mail.request.logins
        }
    }

    struct NewsRecord: Encodable {
        let time: String
        let platform: UUID
        let idempotencyKey: String?
        let topic: String?
        let category: String?
        let body: String?
        let highPriority: Bool

        init(_ news: Mailbox.News) {
            time = HubTime.format(news.time) + "Z"
            platform = news.platform
            idempotencyKey = news.idempotencyKey
            topic = news.request.topic
            category = news.request.category
            body = news.request.body
            highPriority = news.request.highPriority
        }
    }
}
