import Foundation

/// Why a CPlugin REST call failed, for code (``kind``, ``code``, ``isTransient``) and for people (``description``
/// names the call, the host and what to do; it never contains a token or a secret).
public struct CPluginRestError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The server handled the call and refused it in the v2 envelope (`error.code` other than `Ok`).
        case api(ApiError)
        /// An HTTP status other than 2xx: gateway or server trouble, or a path the host does not serve.
        case httpStatus(Int)
        /// The API answered 401 even to a freshly issued token.
        case unauthorized
        /// No HTTP answer: connection refused, reset, DNS, TLS.
        case unreachable(String)
        /// No answer within the call's timeout.
        case timedOut(Duration)
        /// A 2xx answer that is not what the call returns.
        case invalidResponse(String)
        /// The call was not sent because an argument cannot be (say, an over-long idempotency key).
        case invalidRequest(String)
        /// No access token could be had.
        case token(TokenError)
        /// The caller's task was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The call as the API names it, e.g. `GET MarginLevelGet/1001`.
    public var call: String
    /// The trade platform the call addressed, if any.
    public var platform: UUID?
    /// The host (`name[:port]`) of the last attempt, if one was made.
    public var host: String?
    /// The HTTP status of the last answer (200 for envelope errors), if there was one.
    public var httpStatus: Int?
    /// The server's trace id (`meta.activityId`): quote it to CPlugin support.
    public var activityId: String?
    /// Requests sent for this call, retries and failovers included.
    public var attempts: Int
    /// Every host tried, in order.
    public var hostsTried: [String]

    public init(
        kind: Kind, call: String, platform: UUID? = nil, host: String? = nil, httpStatus: Int? = nil,
        activityId: String? = nil, attempts: Int = 0, hostsTried: [String] = []
    ) {
        self.kind = kind
        self.call = call
        self.platform = platform
        self.host = host
        self.httpStatus = httpStatus
        self.activityId = activityId
        self.attempts = attempts
        self.hostsTried = hostsTried
    }

    /// The envelope's `error.code`, when the server refused the call in the envelope.
    public var code: WebApiErrorCode? {
        if case .api(let error) = kind { return error.code }
        return nil
    }

    /// The MT4/MT5 result code name, when the trade server refused.
    public var managerCode: String? {
        if case .api(let error) = kind { return error.managerCode }
        return nil
    }

    /// The server's own words, when it gave any.
    public var message: String? {
        if case .api(let error) = kind { return error.message }
        return nil
    }

    /// Whether the same call may succeed later without any change (outages, timeouts, overload).
    public var isTransient: Bool {
        switch kind {
        case .api(let error): [.noConnect, .timeout, .busy, .internal, .outcomeUnknown].contains(error.code)
        case .httpStatus(let status): status == 408 || status == 429 || status >= 500
        case .unreachable, .timedOut: true
        case .token(let error): error.isTransient
        case .unauthorized, .invalidResponse, .invalidRequest, .cancelled: false
        }
    }

    public var description: String {
        var text = call
        if let platform { text += " (platform \(platform.uuidString.lowercased()))" }
        if let host { text += " on \(host)" }
        text += " failed: \(what)."
        if let advice { text += " \(advice)" }
        if let activityId { text += " [activityId \(activityId)]" }
        return text
    }

    private var what: String {
        switch kind {
        case .api(let error):
            var text = error.code.rawValue
            if let managerCode = error.managerCode, !managerCode.isEmpty { text += " (\(managerCode))" }
            if let message = error.message, !message.isEmpty { text += ": \(Self.sentence(message))" }
            if let httpStatus, httpStatus != 200 { text += " (HTTP \(httpStatus))" }
            return text
        case .httpStatus(let status):
            let name = Self.statusName(status)
            return "HTTP \(status)\(name.isEmpty ? "" : " " + name)" + retried
        case .unauthorized:
            return "HTTP 401 Unauthorized even with a fresh access token"
        case .unreachable(let reason):
            return "\(reason)" + retried
        case .timedOut(let timeout):
            return "no answer within \(timeout)" + retried
        case .invalidResponse(let reason):
            return "the answer could not be read: \(reason)"
        case .invalidRequest(let reason):
            return "not sent: \(reason)"
        case .token(let error):
            return "no access token: \(error)"
        case .cancelled:
            return "cancelled"
        }
    }

    private var retried: String {
        guard attempts > 1 else { return "" }
        let hosts = hostsTried.count > 1 ? " on \(hostsTried.joined(separator: ", "))" : ""
        return " (after \(attempts) attempts\(hosts))"
    }

    private var advice: String? {
        switch kind {
        case .api(let error):
            switch error.code {
            case .notFound:
                return "Check that the login, ticket, group or symbol exists on this platform and the platform id is "
                    + "right."
            case .validation:
                return "The server refused an argument; check the values passed."
            case .forbidden:
                return "This client id may not do this on this platform; ask the platform's administrator in the "
                    + "CPlugin dashboard to grant it."
            case .noConnect:
                return "The WebAPI is not connected to the trade server right now; check the platform's status in "
                    + "the CPlugin dashboard. mtrules retries later."
            case .mt4Error, .mt5Error:
                return "The trade server refused the request."
            case .timeout, .busy, .internal:
                return "A server-side problem; it usually passes, and mtrules retries."
            case .outcomeUnknown:
                return "The call may or may not have taken effect; repeat it with the same Idempotency-Key to be safe."
            case .ok:
                return nil
            }
        case .httpStatus(let status):
            if status == 404 {
                return "This host does not serve this path: check the base URL, and for MailSend/NewsSend that the "
                    + "x86 sidecar URL is configured."
            }
            if status == 403 { return "This client id may not call this; check its rights in the CPlugin dashboard." }
            if status == 429 { return "The API is rate limiting this client; calls resume after a pause." }
            if status >= 500 { return "The WebAPI or its gateway is failing; if it persists, add a fallback base URL." }
            return nil
        case .unauthorized:
            return "The identity server issues tokens this API does not accept: check that the credentials belong to "
                + "this environment (production and sandbox differ)."
        case .unreachable:
            return "Check the network, DNS and firewall, and the base URLs; a fallback base URL lets mtrules fail over."
        case .timedOut:
            return "The server is slow or the host is down; raise the timeout or add a fallback base URL."
        case .invalidResponse:
            return "The base URL may not point at a CPlugin WebAPI."
        case .token, .invalidRequest, .cancelled:
            // A token error carries its own advice.
            return nil
        }
    }

    private static func sentence(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func statusName(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
