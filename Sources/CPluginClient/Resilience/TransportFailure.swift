import AsyncHTTPClient
import Foundation
import NIOCore

/// A request that got no HTTP answer, sorted by what it means for a retry: whether the request can have reached the
/// server (only then is resending a non-idempotent call unsafe) and whether the host looks down.
struct TransportFailure: Error, Sendable {
    enum Kind: Sendable, Equatable {
        /// No connection was made, so the server never saw the request: any call may go to another host.
        case connect
        /// No answer within the deadline; the request may have been processed.
        case timeout
        /// The connection broke during the exchange; the request may have been processed.
        case broken
        /// The caller's task was cancelled.
        case cancelled
    }

    let kind: Kind
    /// What happened, in words, without request details (no headers, so no tokens).
    let reason: String

    init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Sorts an error thrown by `HTTPClient.execute` or by reading a response body.
    init(_ error: any Error) {
        if error is CancellationError {
            self.init(kind: .cancelled, reason: "cancelled")
            return
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                self.init(kind: .timeout, reason: "no answer before the deadline")
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                self.init(kind: .connect, reason: "could not connect in time")
            case .cancelled:
                self.init(kind: .cancelled, reason: "cancelled")
            case .remoteConnectionClosed:
                self.init(kind: .broken, reason: "the server closed the connection")
            case .emptyHost, .invalidURL, .emptyScheme:
                self.init(kind: .connect, reason: "the URL cannot be used (\(error))")
            default:
                self.init(kind: .broken, reason: "\(error)")
            }
            return
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            self.init(kind: .connect, reason: "could not connect in time")
            return
        }
        if let error = error as? IOError {
            let connectErrors: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ETIMEDOUT]
            if connectErrors.contains(error.errnoCode) {
                self.init(kind: .connect, reason: Self.words(errno: error.errnoCode))
            } else {
                self.init(kind: .broken, reason: Self.words(errno: error.errnoCode))
            }
            return
        }
        // NIOPosix's happy-eyeballs error (DNS and every connect attempt failed) is not importable from here.
        let text = String(describing: error)
        if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") {
            if text.contains("Connection refused") {
                self.init(kind: .connect, reason: "connection refused")
            } else if text.contains("dnsAError") && !text.contains("dnsAError: nil") {
                self.init(kind: .connect, reason: "the host name does not resolve")
            } else {
                self.init(kind: .connect, reason: "could not connect")
            }
            return
        }
        if String(reflecting: type(of: error)).contains("SSL") || String(reflecting: type(of: error)).contains("TLS") {
            self.init(kind: .connect, reason: "TLS failed (\(text))")
            return
        }
        self.init(kind: .broken, reason: text)
    }

    private static func words(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ECONNRESET: "connection reset by the server"
        case EHOSTUNREACH, ENETUNREACH: "host unreachable"
        case ETIMEDOUT: "connection timed out"
        case EPIPE: "connection closed while sending"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
