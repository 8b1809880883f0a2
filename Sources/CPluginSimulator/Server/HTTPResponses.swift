import Foundation
import HTTPTypes
import Hummingbird

/// Small helpers shared by the simulator's routes: JSON bodies, bearer tokens, form bodies.
enum HTTPResponses {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    )
        -> Response
    {
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func status(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers)
    }

    /// 401 as ASP.NET's JWT bearer handler answers it.
    static var unauthorized: Response {
        status(.unauthorized, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// The bearer token of a request: the `Authorization` header, or the `access_token` / `signalr_token` query
    /// parameter that browser-style SignalR clients use.
    static func bearerToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        let query = request.uri.queryParameters
        if let token = query.get("access_token") ?? query.get("signalr_token") { return token }
        return nil
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    static func form(_ body: ByteBuffer) -> [String: String] {
        let text = String(buffer: body)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = decode(parts.first.map(String.init) ?? "")
            let value = decode(parts.count > 1 ? String(parts[1]) : "")
            if !key.isEmpty { fields[key] = value }
        }
        return fields
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    /// A W3C-style trace id for `meta.activityId`.
    static func activityID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
