import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route but `/healthz` (a liveness probe carries no secret). The
/// token is compared in constant time and never logged; a refusal is a bare 401 with `WWW-Authenticate: Bearer`.
struct BearerTokenAuthentication<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]
    let openPaths: Set<String>

    init(token: String, openPaths: Set<String> = ["/healthz"]) {
        self.token = Array(token.utf8)
        self.openPaths = openPaths
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], Self.matches(header, token) else {
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: "Bearer realm=\"mtrules\"", .contentType: "text/plain; charset=utf-8"],
                body: .init(
                    byteBuffer: ByteBuffer(string: "A bearer token is required: send Authorization: Bearer <token>.\n"))
            )
        }
        return try await next(request, context)
    }

    /// Whether `header` is `Bearer <expected>`; the time taken depends only on the expected token's length.
    static func matches(_ header: String, _ expected: [UInt8]) -> Bool {
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count, header.prefix(scheme.count).lowercased() == scheme else {
            return false
        }
        return constantTimeEquals(Array(header.utf8.dropFirst(scheme.utf8.count)), expected)
    }

    /// Compares every byte of `expected` whatever the first difference, so timing reveals nothing of the token.
    static func constantTimeEquals(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt(bitPattern: presented.count ^ expected.count)
        for index in expected.indices {
            let byte = presented.isEmpty ? 0 : presented[index % presented.count]
            difference |= UInt(byte ^ expected[index])
        }
        return difference == 0 && !expected.isEmpty
    }
}
