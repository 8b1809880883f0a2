import CPluginClient
import Foundation
import Synchronization

/// What the sidecar was asked to send, kept so tests and the demo can read it back (`GET /sim/mail`, `/sim/news`).
/// A repeated `Idempotency-Key` returns the first answer and records nothing new, as CPlugin promises.
public final class Mailbox: Sendable {
    public struct Mail: Sendable, Hashable, Codable {
        public var time: Date
        public var platform: UUID
        public var idempotencyKey: String?
        public var request: MT4MailSendRequest
    }

    public struct News: Sendable, Hashable, Codable {
        public var time: Date
        public var platform: UUID
        public var idempotencyKey: String?
        public var request: MT4NewsSendRequest
    }

    private struct State {
        var mail: [Mail] = []
        var news: [News] = []
        var seenKeys: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Records a mail unless its idempotency key was seen; returns false for a repeat.
    public func record(_ mail: Mail) -> Bool {
        state.withLock { state in
            if let key = mail.idempotencyKey, !state.seenKeys.insert("mail|\(key)").inserted { return false }
            state.mail.append(mail)
            return true
        }
    }

    public func record(_ news: News) -> Bool {
        state.withLock { state in
            if let key = news.idempotencyKey, !state.seenKeys.insert("news|\(key)").inserted { return false }
            state.news.append(news)
            return true
        }
    }

    public var mail: [Mail] { state.withLock { $0.mail } }
    public var news: [News] { state.withLock { $0.news } }

    public func clear() {
        state.withLock { $0 = State() }
    }
}
