import Foundation
import NIOCore

/// The 32-bit-only MT4 calls, served by the x86 sidecar at the environment's sidecar base URL.
extension MT4RestClient {
    /// `POST MailSend`: MT4 internal mail to client terminals.
    ///
    /// With an `idempotencyKey` (1–255 visible ASCII characters, e.g. the notification's id) the call is retried on
    /// transient failures and the server sends the mail at most once per key. Without one it is sent exactly once and
    /// never retried, since a lost answer could otherwise mean a second mail.
    @discardableResult
    public func mailSend(
        _ mail: MT4MailSendRequest, idempotencyKey: String?, timeout: Duration? = nil
    ) async throws(CPluginRestError) -> SidecarReceipt {
        try await send(mail, "MailSend", idempotencyKey: idempotencyKey, timeout: timeout)
    }

    /// `POST NewsSend`: a news item to every connected terminal. Retried only with an `idempotencyKey`, as
    /// ``mailSend(_:idempotencyKey:timeout:)``.
    @discardableResult
    public func newsSend(
        _ news: MT4NewsSendRequest, idempotencyKey: String?, timeout: Duration? = nil
    ) async throws(CPluginRestError) -> SidecarReceipt {
        try await send(news, "NewsSend", idempotencyKey: idempotencyKey, timeout: timeout)
    }

    private func send(
        _ request: some Encodable, _ method: String, idempotencyKey: String?, timeout: Duration?
    ) async throws(CPluginRestError) -> SidecarReceipt {
        let body: ByteBuffer
        do {
            body = ByteBuffer(bytes: try JSONEncoder().encode(request))
        } catch {
            throw CPluginRestError(
                kind: .invalidRequest("the request cannot be encoded: \(error)"), call: "POST \(method)",
                platform: platform)
        }
        let call = makeCall(
            .POST, method, body: body, idempotencyKey: idempotencyKey, service: .sidecar, timeout: timeout)
        return try await client.perform(call) { answer in
            switch CPluginRestClient.decodeEnvelope(Bool.self, answer) {
            case .value(let envelope):
                guard envelope.data else {
                    return .unreadable("the sidecar answered false without saying why")
                }
                return .value(
                    SidecarReceipt(
                        activityId: envelope.meta?.activityId,
                        requestOutcome: answer.headers.first(name: "X-Request-Outcome")))
            case .refused(let error, let activityId): return .refused(error, activityId: activityId)
            case .unreadable(let reason): return .unreadable(reason)
            }
        }
    }
}
