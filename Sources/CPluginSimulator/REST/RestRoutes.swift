import CPluginClient
import Foundation
import HTTPTypes
import Hummingbird

/// The REST API of the main port: `GET /api/TradePlatforms`, `…/Ping`, and the v2 MT4 calls a rules engine uses, in
/// the v2 envelope with the spec's error codes. Sidecar-only methods are not routed here, so they answer 404 as the
/// real service does.
struct RestRoutes: Sendable {
    let issuer: TokenIssuer
    let platforms: [UUID: PlatformRuntime]
    let faults: @Sendable () -> FaultPlan

    static let maximumPageSize = 5000

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/TradePlatforms") { request, _ -> Response in
            try await guarded(request) {
                let list = platforms.values.map(\.platform).sorted { $0.name < $1.name }.map {
                    TradePlatformInfo(
                        id: $0.id, name: $0.name, type: $0.type.rawValue, login: $0.login,
                        organizationId: $0.organizationId)
                }
                return HTTPResponses.json(list)
            }
        }
        router.get("/api/TradePlatforms/:id/Ping") { request, context -> Response in
            try await guarded(request) {
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)), let runtime = platforms[id]
                else { return HTTPResponses.status(.notFound) }
                return HTTPResponses.json(runtime.isPumpConnected)
            }
        }
        let prefix = "/api/v2/MT4/:tradePlatform"
        route(router, "\(prefix)/ServerTime") { _, _, _ in
            .success(AnyEncodable(RestMapping.time(Date())))
        }
        route(router, "\(prefix)/MarginsGet") { runtime, _, _ in
            .success(AnyEncodable(await runtime.read { $0.marginLevels.map(RestMapping.marginLevel) }))
        }
        route(router, "\(prefix)/MarginLevelGet/:login") { runtime, _, context in
            guard let login = context.parameters.get("login").flatMap(Int.init) else {
                return .failure(ApiError(code: .validation, message: "login must be a number."))
            }
            guard let margin = await runtime.read({ $0.marginLevel(login: login) }) else {
                return .failure(ApiError(code: .notFound, message: "Account \(login) not found."))
            }
            return .success(AnyEncodable(RestMapping.marginLevel(margin)))
        }
        route(router, "\(prefix)/TradesGet") { runtime, request, _ in
            let trades = await runtime.read { model in
                let digits = Dictionary(model.symbols.map { ($0.symbol, $0.digits) }, uniquingKeysWith: { a, _ in a })
                return model.openTrades.map { RestMapping.trade($0, digits: digits[$0.symbol] ?? 5) }
            }
            return page(trades, request: request, key: \.order)
        }
        route(router, "\(prefix)/TradesGet/:ticket") { runtime, _, context in
            guard let ticket = context.parameters.get("ticket").flatMap(Int.init) else {
                return .failure(ApiError(code: .validation, message: "ticket must be a number."))
            }
            let found = await runtime.read { model -> MT4Trade? in
                guard let trade = model.trade(order: ticket) else { return nil }
                let digits = model.symbols.first { $0.symbol == trade.symbol }?.digits ?? 5
                return RestMapping.trade(trade, digits: digits)
            }
            guard let found else { return .failure(ApiError(code: .notFound, message: "Trade \(ticket) not found.")) }
            return .success(AnyEncodable(found))
        }
        route(router, "\(prefix)/UserRecordGet/:login") { runtime, _, context in
            guard let login = context.parameters.get("login").flatMap(Int.init) else {
                return .failure(ApiError(code: .validation, message: "login must be a number."))
            }
            guard let user = await runtime.read({ $0.user(login: login) }) else {
                return .failure(ApiError(code: .notFound, message: "Account \(login) not found."))
            }
            return .success(AnyEncodable(RestMapping.user(user)))
        }
        route(router, "\(prefix)/GroupRecordGet/:group") { runtime, _, context in
            let name = context.parameters.get("group")?.removingPercentEncoding ?? ""
            guard let group = await runtime.read({ $0.group(named: name) }) else {
                return .failure(ApiError(code: .notFound, message: "Group '\(name)' not found."))
            }
            return .success(AnyEncodable(RestMapping.group(group)))
        }
        route(router, "\(prefix)/OnlineGet") { runtime, request, _ in
            let online = await runtime.read { model in
                model.onlineLogins.map { login in MT4Online(login: login, group: model.user(login: login)?.group) }
            }
            return page(online, request: request, key: \.login)
        }
        route(router, "\(prefix)/TickInfoLast") { runtime, _, _ in
            .success(AnyEncodable(await runtime.read { $0.lastTicks.map(RestMapping.tickInfo) }))
        }
        route(router, "\(prefix)/TickInfoLast/:symbol") { runtime, _, context in
            let symbol = context.parameters.get("symbol") ?? ""
            guard let tick = await runtime.read({ $0.lastTick(symbol: symbol) }) else {
                return .failure(ApiError(code: .notFound, message: "Symbol '\(symbol)' not found."))
            }
            return .success(AnyEncodable(RestMapping.tickInfo(tick)))
        }
        route(router, "\(prefix)/CfgRequestSymbol") { runtime, _, _ in
            let configs = await runtime.read { model in model.symbols.map(RestMapping.symbolConfig) }
            return .success(AnyEncodable(configs))
        }
        route(router, "\(prefix)/SymbolInfoGet") { runtime, request, _ in
            guard let symbol = request.uri.queryParameters.get("symbol"), !symbol.isEmpty else {
                return .failure(ApiError(code: .validation, message: "The symbol query parameter is required."))
            }
            let info = await runtime.read { model -> MT4SymbolInfo? in
                guard let settings = model.symbols.first(where: { $0.symbol == symbol }) else { return nil }
                return RestMapping.symbolInfo(settings, tick: model.lastTick(symbol: symbol))
            }
            guard let info else { return .failure(ApiError(code: .notFound, message: "Symbol '\(symbol)' not found.")) }
            return .success(AnyEncodable(info))
        }
    }

    /// A v2 GET route: authentication, faults, platform lookup (MT4 only), and the envelope.
    private func route(
        _ router: Router<BasicRequestContext>, _ path: RouterPath,
        _ body:
            @escaping @Sendable (PlatformRuntime, Request, BasicRequestContext) async -> Result<AnyEncodable, ApiError>
    ) {
        router.get(path) { request, context -> Response in
            try await guarded(request) {
                let meta = ApiMeta(activityId: HTTPResponses.activityID())
                guard let id = context.parameters.get("tradePlatform").flatMap(UUID.init(uuidString:)),
                    let runtime = platforms[id], runtime.platform.type == .mt4
                else {
                    return HTTPResponses.json(
                        ApiResponse<Bool>(
                            data: nil, error: ApiError(code: .notFound, message: "Trade platform not found."),
                            meta: meta))
                }
                switch await body(runtime, request, context) {
                case .success(let value):
                    return HTTPResponses.json(Envelope(data: value, error: nil, meta: value.meta ?? meta))
                case .failure(let error):
                    return HTTPResponses.json(Envelope(data: nil, error: error, meta: meta))
                }
            }
        }
    }

    /// Checks the bearer token and applies REST faults before running a handler.
    private func guarded(_ request: Request, _ handler: () async throws -> Response) async throws -> Response {
        guard let token = HTTPResponses.bearerToken(request), issuer.isValid(token) else {
            return HTTPResponses.unauthorized
        }
        let plan = faults()
        if let rate = plan.restTimeoutRate, Double.random(in: 0..<1) < rate {
            try await Task.sleep(for: .seconds(plan.restTimeoutSeconds))
            return HTTPResponses.status(.gatewayTimeout)
        }
        if let rate = plan.rest5xxRate, Double.random(in: 0..<1) < rate {
            return HTTPResponses.status(.serviceUnavailable)
        }
        return try await handler()
    }

    /// Pages a list by `?limit=` (1…5000; all when omitted) and an opaque `?cursor=` naming the last key returned.
    private func page<Item: Encodable & Sendable>(
        _ items: [Item], request: Request, key: KeyPath<Item, Int>
    )
        -> Result<AnyEncodable, ApiError>
    {
        let query = request.uri.queryParameters
        var limit = items.count
        if let text = query.get("limit") {
            guard let value = Int(text), value >= 1, value <= Self.maximumPageSize else {
                return .failure(
                    ApiError(code: .validation, message: "limit must be between 1 and \(Self.maximumPageSize)."))
            }
            limit = value
        }
        var remaining = items[...]
        if let cursor = query.get("cursor") {
            guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("after:"), let last = Int(text.dropFirst(6))
            else {
                return .failure(ApiError(code: .validation, message: "cursor is not valid."))
            }
            remaining = remaining.drop { $0[keyPath: key] <= last }
        }
        let page = Array(remaining.prefix(limit))
        let hasMore = remaining.count > page.count
        let next = hasMore ? page.last.map { Data("after:\($0[keyPath: key])".utf8).base64EncodedString() } : nil
        var value = AnyEncodable(page)
        value.meta = ApiMeta(
            activityId: HTTPResponses.activityID(), paging: PagingMeta(nextCursor: next, hasMore: hasMore))
        return .success(value)
    }

    /// The envelope with a type-erased payload.
    struct Envelope: Encodable {
        let data: AnyEncodable?
        let error: ApiError?
        let meta: ApiMeta

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encode(error, forKey: .error)
            try container.encode(meta, forKey: .meta)
        }

        enum CodingKeys: String, CodingKey {
            case data, error, meta
        }
    }
}

/// A payload of any encodable type, with the meta (paging) that goes with it.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void
    var meta: ApiMeta?

    init(_ value: some Encodable & Sendable) {
        encodeValue = { try value.encode(to: $0) }
    }

    func encode(to encoder: any Encoder) throws {
        try encodeValue(encoder)
    }
}
