import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The request loop every call goes through: token, hosts in failover order, one refresh-and-retry on 401, backoff
/// between rounds for calls that are safe to repeat, and the v2 envelope.
extension CPluginRestClient {
    /// A 2xx answer as received.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// What a call's decoder made of a 2xx answer.
    enum Decoded<Value: Sendable>: Sendable {
        case value(Value)
        /// The envelope's error.
        case refused(ApiError, activityId: String?)
        case unreadable(String)

        func map<Other: Sendable>(_ transform: (Value) -> Other) -> Decoded<Other> {
            switch self {
            case .value(let value): .value(transform(value))
            case .refused(let error, let activityId): .refused(error, activityId: activityId)
            case .unreadable(let reason): .unreadable(reason)
            }
        }
    }

    /// An envelope's payload with its meta.
    struct Enveloped<Payload: Sendable>: Sendable {
        var data: Payload
        var meta: ApiMeta?
    }

    /// What one attempt on one host came to.
    private enum Outcome<Value: Sendable> {
        case success(Value)
        /// The host looks down (no connection, timeout, 5xx). `neverSent` when the request cannot have reached it.
        case hostDown(CPluginRestError, neverSent: Bool, retryAfter: Duration?)
        /// The service asks for patience (429, envelope `Busy`/`Timeout`): wait, then try again.
        case retryLater(CPluginRestError, retryAfter: Duration?)
        case final(CPluginRestError)
    }

    /// Sends a call until it succeeds, fails for good, or runs out of attempts.
    func perform<Value: Sendable>(
        _ call: RestCall, decode: (Answer) -> Decoded<Value>
    ) async throws(CPluginRestError) -> Value {
        if let key = call.idempotencyKey, let problem = Self.problem(withIdempotencyKey: key) {
            throw CPluginRestError(kind: .invalidRequest(problem), call: call.name, platform: call.platform)
        }
        let rotation = call.service == .api ? apiHosts : sidecarHosts
        let retry = configuration.retry
        var token: AccessToken
        do {
            token = try await tokens.token()
        } catch {
            throw CPluginRestError(kind: .token(error), call: call.name, platform: call.platform)
        }
        var refreshed = false
        var attempts = 0
        var tried: [String] = []
        var round = 0
        func finished(_ error: CPluginRestError) -> CPluginRestError {
            var error = error
            error.attempts = attempts
            error.hostsTried = tried
            return error
        }
        while true {
            round += 1
            if round > 1 {
                // After a backoff the cached token may have been replaced; asking costs nothing when it has not.
                do {
                    token = try await tokens.token()
                } catch {
                    throw finished(CPluginRestError(kind: .token(error), call: call.name, platform: call.platform))
                }
            }
            var failure: CPluginRestError?
            var retryAfter: Duration?
            hosts: for host in rotation.order() {
                if !tried.contains(host.name) { tried.append(host.name) }
                let outcome = await attempt(
                    call, on: host, token: &token, refreshed: &refreshed, attempts: &attempts, decode: decode)
                switch outcome {
                case .success(let value):
                    if rotation.succeeded(host), rotation.hosts.count > 1 {
                        logger.notice(
                            "CPlugin calls now go to \(host.base)", metadata: ["call": "\(call.name)"])
                    }
                    return value
                case .hostDown(let error, let neverSent, let after):
                    rotation.failed(host)
                    failure = error
                    retryAfter = after ?? retryAfter
                    guard call.isRetryable || neverSent else { throw finished(error) }
                    logger.warning(
                        "CPlugin host failed",
                        metadata: ["call": "\(call.name)", "host": "\(host.name)", "error": "\(error)"])
                case .retryLater(let error, let after):
                    failure = error
                    retryAfter = after
                    break hosts
                case .final(let error):
                    throw finished(error)
                }
            }
            guard let failure else {
                throw finished(CPluginRestError(kind: .invalidRequest("no base URL"), call: call.name))
            }
            guard call.isRetryable, round < retry.maxAttempts else { throw finished(failure) }
            var wait = retry.delay(afterAttempt: round)
            if let retryAfter {
                guard retryAfter <= retry.maxRetryAfter else { throw finished(failure) }
                wait = max(wait, retryAfter)
            }
            logger.debug("Retrying a CPlugin call", metadata: ["call": "\(call.name)", "wait": "\(wait)"])
            do {
                try await retry.sleep(wait)
            } catch {
                throw finished(CPluginRestError(kind: .cancelled, call: call.name, platform: call.platform))
            }
        }
    }

    /// One attempt on one host; a 401 gets one token refresh and one more request.
    private func attempt<Value: Sendable>(
        _ call: RestCall, on host: BaseURLRotation.Host, token: inout AccessToken, refreshed: inout Bool,
        attempts: inout Int, decode: (Answer) -> Decoded<Value>
    ) async -> Outcome<Value> {
        attempts += 1
        var result = await send(call, to: host, token: token)
        if case .success(let answer) = result, answer.status == 401, !refreshed {
            refreshed = true
            do {
                token = try await tokens.refresh(rejecting: token)
            } catch {
                return .final(
                    CPluginRestError(kind: .token(error), call: call.name, platform: call.platform, host: host.name))
            }
            attempts += 1
            result = await send(call, to: host, token: token)
        }
        func failure(_ kind: CPluginRestError.Kind, status: Int? = nil, activityId: String? = nil) -> CPluginRestError {
            CPluginRestError(
                kind: kind, call: call.name, platform: call.platform, host: host.name, httpStatus: status,
                activityId: activityId)
        }
        let answer: Answer
        switch result {
        case .failure(let problem):
            switch problem.kind {
            case .cancelled: return .final(failure(.cancelled))
            case .timeout: return .hostDown(failure(.timedOut(call.timeout)), neverSent: false, retryAfter: nil)
            case .connect: return .hostDown(failure(.unreachable(problem.reason)), neverSent: true, retryAfter: nil)
            case .broken: return .hostDown(failure(.unreachable(problem.reason)), neverSent: false, retryAfter: nil)
            }
        case .success(let received):
            answer = received
        }
        let retryAfter = RetryPolicy.retryAfter(answer.headers.first(name: "Retry-After"))
        switch answer.status {
        case 200..<300:
            switch decode(answer) {
            case .value(let value):
                return .success(value)
            case .refused(let error, let activityId):
                let refusal = failure(.api(error), status: answer.status, activityId: activityId)
                let patient = error.code == .busy || error.code == .timeout
                let unknown = error.code == .outcomeUnknown && call.idempotencyKey != nil
                return patient || unknown ? .retryLater(refusal, retryAfter: retryAfter) : .final(refusal)
            case .unreadable(let reason):
                return .final(failure(.invalidResponse(reason), status: answer.status))
            }
        case 401:
            return .final(failure(.unauthorized, status: 401))
        case 408, 429:
            return .retryLater(failure(.httpStatus(answer.status), status: answer.status), retryAfter: retryAfter)
        case 500...:
            return .hostDown(Self.statusFailure(answer, failure), neverSent: false, retryAfter: retryAfter)
        default:
            return .final(Self.statusFailure(answer, failure))
        }
    }

    /// A non-2xx answer as an error: the envelope's error if the body has one, else the status.
    private static func statusFailure(
        _ answer: Answer, _ failure: (CPluginRestError.Kind, Int?, String?) -> CPluginRestError
    ) -> CPluginRestError {
        let probe = try? JSONDecoder().decode(ErrorProbe.self, from: Data(answer.body.readableBytesView))
        if let error = probe?.error, error.code != .ok {
            return failure(.api(error), answer.status, probe?.meta?.activityId)
        }
        return failure(.httpStatus(answer.status), answer.status, probe?.meta?.activityId)
    }

    /// The error and meta of a body that may or may not be an envelope.
    private struct ErrorProbe: Decodable {
        var error: ApiError?
        var meta: ApiMeta?

        enum CodingKeys: String, CodingKey {
            case error, meta
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            error = try? container.decodeIfPresent(ApiError.self, forKey: .error)
            meta = try? container.decodeIfPresent(ApiMeta.self, forKey: .meta)
        }
    }

    /// One HTTP exchange. Headers carry the token, so nothing here logs them.
    private func send(
        _ call: RestCall, to host: BaseURLRotation.Host, token: AccessToken
    ) async -> Result<Answer, TransportFailure> {
        var request = HTTPClientRequest(url: host.base + call.target)
        request.method = call.method
        request.headers.add(name: "Authorization", value: token.authorization)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "X-Request-Timeout", value: RequestTimeout.headerValue(call.timeout))
        if let key = call.idempotencyKey { request.headers.add(name: "Idempotency-Key", value: key) }
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(body)
        }
        let started = ContinuousClock.now
        do {
            let response = try await httpClient.execute(request, timeout: RequestTimeout.timeAmount(call.timeout))
            let body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            logger.debug(
                "CPlugin call answered",
                metadata: [
                    "call": "\(call.name)", "host": "\(host.name)", "status": "\(response.status.code)",
                    "elapsed": "\(ContinuousClock.now - started)",
                ])
            return .success(Answer(status: Int(response.status.code), headers: response.headers, body: body))
        } catch is NIOTooManyBytesError {
            return .failure(
                TransportFailure(
                    kind: .broken, reason: "the answer is larger than \(configuration.maxResponseBytes) bytes"))
        } catch {
            return .failure(TransportFailure(error))
        }
    }

    /// CPlugin accepts keys of 1 to 255 characters; only visible ASCII is safe in a header.
    static func problem(withIdempotencyKey key: String) -> String? {
        guard !key.isEmpty, key.utf8.count <= 255 else {
            return "the Idempotency-Key must be 1 to 255 characters long"
        }
        guard key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            return "the Idempotency-Key may hold visible ASCII characters only"
        }
        return nil
    }

    // MARK: Decoding

    /// A body that is the value itself (`TradePlatforms`, `Ping`), not an envelope.
    static func decodeBare<Value: Decodable & Sendable>(_ type: Value.Type, _ answer: Answer) -> Decoded<Value> {
        do {
            return .value(try JSONDecoder().decode(Value.self, from: Data(answer.body.readableBytesView)))
        } catch {
            return .unreadable(describe(error, body: answer.body))
        }
    }

    /// A v2 envelope: its data, or its error.
    static func decodeEnvelope<Payload: Codable & Sendable>(
        _ type: Payload.Type, _ answer: Answer
    ) -> Decoded<Enveloped<Payload>> {
        let envelope: ApiResponse<Payload>
        do {
            envelope = try JSONDecoder().decode(ApiResponse<Payload>.self, from: Data(answer.body.readableBytesView))
        } catch {
            return .unreadable(describe(error, body: answer.body))
        }
        if let error = envelope.error, error.code != .ok {
            return .refused(error, activityId: envelope.meta?.activityId)
        }
        guard let data = envelope.data else { return .unreadable("the envelope has neither data nor an error") }
        return .value(Enveloped(data: data, meta: envelope.meta))
    }

    /// A decoding failure in a few words: where in the document, and what.
    static func describe(_ error: any Error, body: ByteBuffer) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(key.stringValue) at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context):
            return "null where \(type) is required at \(path(context))"
        case .dataCorrupted(let context):
            let start = String(decoding: body.readableBytesView.prefix(60), as: UTF8.self)
            return context.codingPath.isEmpty
                ? "not JSON (it starts with \"\(start)\")" : "bad value at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
