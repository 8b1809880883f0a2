import Foundation
import NIOCore
import NIOHTTP1

/// The v2 REST calls of one MT4 platform (`/api/v2/MT4/{platform}/…`), and its x86 sidecar calls.
///
/// The `*Get` calls read the WebAPI's pump cache and are cheap; use them to resync state after a hub reconnect.
/// Every call takes an optional `timeout` overriding the client's default.
public struct MT4RestClient: Sendable {
    public let client: CPluginRestClient
    public let platform: UUID

    public init(client: CPluginRestClient, platform: UUID) {
        self.client = client
        self.platform = platform
    }

    /// The largest page the API serves.
    public static let maximumPageSize = 5000

    /// `MarginsGet`: every account's margin state.
    public func margins(timeout: Duration? = nil) async throws(CPluginRestError) -> [MT4MarginLevel] {
        try await get([MT4MarginLevel].self, "MarginsGet", timeout: timeout)
    }

    /// `MarginLevelGet/{login}`: one account's margin state.
    public func marginLevel(login: Int, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4MarginLevel {
        try await get(MT4MarginLevel.self, "MarginLevelGet", String(login), timeout: timeout)
    }

    /// `TradesGet`, page by page: the open trades by ticket, `pageSize` (1…5000) at a time.
    public func tradePages(pageSize: Int = 1000, timeout: Duration? = nil) -> RestPages<MT4Trade> {
        pages(MT4Trade.self, "TradesGet", pageSize: pageSize, timeout: timeout)
    }

    /// `TradesGet`, trade by trade, fetching pages of `pageSize` as needed.
    public func trades(pageSize: Int = 1000, timeout: Duration? = nil) -> RestItems<MT4Trade> {
        tradePages(pageSize: pageSize, timeout: timeout).items
    }

    /// `TradesGet/{ticket}`: an open trade, or one closed recently.
    public func trade(ticket: Int, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4Trade {
        try await get(MT4Trade.self, "TradesGet", String(ticket), timeout: timeout)
    }

    /// `UserRecordGet/{login}`: an account's user record.
    public func user(login: Int, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4User {
        try await get(MT4User.self, "UserRecordGet", String(login), timeout: timeout)
    }

    /// `GroupRecordGet/{group}`: a group's settings, including its margin-call and stop-out levels. Names are
    /// case-sensitive.
    public func group(name: String, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4Group {
        try await get(MT4Group.self, "GroupRecordGet", name, timeout: timeout)
    }

    /// `OnlineGet`, page by page: the accounts connected now, by login.
    public func onlinePages(pageSize: Int = maximumPageSize, timeout: Duration? = nil) -> RestPages<MT4Online> {
        pages(MT4Online.self, "OnlineGet", pageSize: pageSize, timeout: timeout)
    }

    /// `OnlineGet`: every account connected now (all pages).
    public func online(timeout: Duration? = nil) async throws(CPluginRestError) -> [MT4Online] {
        try await onlinePages(timeout: timeout).collect()
    }

    /// `TickInfoLast`: the last tick of every symbol.
    public func lastTicks(timeout: Duration? = nil) async throws(CPluginRestError) -> [MT4TickInfo] {
        try await get([MT4TickInfo].self, "TickInfoLast", timeout: timeout)
    }

    /// `TickInfoLast/{symbol}`: a symbol's last tick.
    public func lastTick(symbol: String, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4TickInfo {
        try await get(MT4TickInfo.self, "TickInfoLast", symbol, timeout: timeout)
    }

    /// `SymbolInfoGet?symbol=`: a symbol's current quote summary.
    public func symbol(name: String, timeout: Duration? = nil) async throws(CPluginRestError) -> MT4SymbolInfo {
        let call = makeCall(.GET, "SymbolInfoGet", query: [("symbol", name)], timeout: timeout, label: name)
        return try await client.perform(call) { CPluginRestClient.decodeEnvelope(MT4SymbolInfo.self, $0).map(\.data) }
    }

    /// `CfgRequestSymbol`: every symbol's configuration (contract size, tick value, margins). A heavy manager call:
    /// the runtime reads it once per (re)connection.
    public func symbolConfigs(timeout: Duration? = nil) async throws(CPluginRestError) -> [MT4SymbolConfig] {
        try await get([MT4SymbolConfig].self, "CfgRequestSymbol", timeout: timeout)
    }

    /// `ServerTime`: the trade server's clock (read as UTC when the server writes no zone).
    public func serverTime(timeout: Duration? = nil) async throws(CPluginRestError) -> Date {
        let call = makeCall(.GET, "ServerTime", timeout: timeout)
        return try await client.perform(call) { answer in
            switch CPluginRestClient.decodeEnvelope(String.self, answer) {
            case .value(let text):
                guard let date = HubTime.parse(text.data) else {
                    return .unreadable("'\(text.data)' is not an ISO-8601 time")
                }
                return .value(date)
            case .refused(let error, let activityId): return .refused(error, activityId: activityId)
            case .unreadable(let reason): return .unreadable(reason)
            }
        }
    }

    // MARK: Building calls

    /// A GET of an envelope whose data is `Payload`, at `method[/argument]`.
    func get<Payload: Codable & Sendable>(
        _ type: Payload.Type, _ method: String, _ argument: String? = nil, timeout: Duration?
    ) async throws(CPluginRestError) -> Payload {
        let call = makeCall(.GET, method, argument: argument, timeout: timeout)
        return try await client.perform(call) { CPluginRestClient.decodeEnvelope(Payload.self, $0).map(\.data) }
    }

    /// A paged list: `method?limit=…&cursor=…`, one request per page.
    func pages<Item: Codable & Sendable>(
        _ type: Item.Type, _ method: String, pageSize: Int, timeout: Duration?
    ) -> RestPages<Item> {
        let limit = min(Self.maximumPageSize, max(1, pageSize))
        let base = makeCall(.GET, method, timeout: timeout)
        let client = client
        return RestPages(call: base.name) { cursor throws(CPluginRestError) in
            var call = base
            call.query = [("limit", String(limit))]
            if let cursor { call.query.append(("cursor", cursor)) }
            return try await client.perform(call) { answer in
                CPluginRestClient.decodeEnvelope([Item].self, answer).map { envelope in
                    let paging = envelope.meta?.paging
                    return RestPage(
                        items: envelope.data, nextCursor: paging?.nextCursor, hasMore: paging?.hasMore ?? false,
                        activityId: envelope.meta?.activityId)
                }
            }
        }
    }

    func makeCall(
        _ method: HTTPMethod, _ name: String, argument: String? = nil, query: [(name: String, value: String)] = [],
        body: ByteBuffer? = nil, idempotencyKey: String? = nil, service: RestCall.Service = .api,
        timeout: Duration?, label: String? = nil
    ) -> RestCall {
        var path = "/api/v2/MT4/\(platform.uuidString.lowercased())/\(name)"
        var shown = name
        if let argument {
            path += "/" + RestCall.encode(argument)
            shown += "/" + argument
        }
        if let label { shown += " \(label)" }
        return RestCall(
            method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey, service: service,
            timeout: timeout ?? client.configuration.timeout, name: "\(method.rawValue) \(shown)", platform: platform)
    }
}
