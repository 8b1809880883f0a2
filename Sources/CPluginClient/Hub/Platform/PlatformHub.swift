import AsyncHTTPClient
import Logging

/// The realtime feed of one trade platform, typed: margin levels, trades, users, symbols, ticks and the platform's
/// pump status, over CPlugin's v2 hub (one connection bound to the platform) or the legacy v1 hub (the platform is
/// an argument of each call; it carries ticks only). One `PlatformHub` per watched platform.
public final class PlatformHub: Sendable {
    public enum HubVersion: String, Sendable, CaseIterable {
        case v1, v2
    }

    public let client: HubClient
    /// The platform's id, lower case as CPlugin writes GUIDs.
    public let platformID: String
    public let version: HubVersion

    /// - Parameters:
    ///   - platformType: `MT4` or `MT5` (the v2 hub path); v1 exists for MT4 only.
    public init(
        baseURLs: [String], platformID: String, platformType: String = "MT4", version: HubVersion = .v2,
        authentication: HubAuthentication, options: HubClientOptions = HubClientOptions(),
        httpClient: HTTPClient = .shared, logger: Logger = HubClient.silentLogger
    ) {
        let endpoint: HubEndpoint =
            switch version {
            case .v2: .v2(baseURLs: baseURLs, platformType: platformType, platformID: platformID)
            case .v1: .mt4V1(baseURLs: baseURLs)
            }
        self.client = HubClient(
            endpoint: endpoint, authentication: authentication, options: options, httpClient: httpClient,
            logger: logger)
        self.platformID = platformID.lowercased()
        self.version = version
        if version == .v1 {
            // v1 binds nothing per connection: `Connect` on every connection tells the hub which platform to pump.
            client.standingCall("Connect", arguments: [.string(self.platformID)])
        }
    }

    /// Connects and stays connected until the task is cancelled (see `HubClient.run`).
    public func run() async throws { try await client.run() }

    public func connectionEvents() -> AsyncStream<HubConnectionEvent> { client.connectionEvents() }

    public var statistics: HubClientStatistics { client.statistics }

    /// Every account's margin state as it changes (`StreamMarginCallUpdates`).
    public func marginCalls() -> HubStream<MarginCallPayload> {
        v2Stream("StreamMarginCallUpdates", of: MarginCallPayload.self)
    }

    /// Trades opened, modified and closed (`StreamTrades`).
    public func trades() -> HubStream<TradeUpdatePayload> {
        v2Stream("StreamTrades", of: TradeUpdatePayload.self)
    }

    /// Account records added, changed or deleted (`StreamUserUpdates`).
    public func users() -> HubStream<UserUpdatePayload> {
        v2Stream("StreamUserUpdates", of: UserUpdatePayload.self)
    }

    /// Symbol settings added, changed or deleted (`StreamSymbolUpdates`).
    public func symbols() -> HubStream<SymbolUpdatePayload> {
        v2Stream("StreamSymbolUpdates", of: SymbolUpdatePayload.self)
    }

    /// Prices: on v2 one `StreamTicks` (all symbols when `symbols` is empty); on v1 `SubscribeToTicks` per symbol
    /// and the `onTick` event, which needs the symbols named.
    public func ticks(symbols: [String] = []) -> HubStream<TickPayload> {
        switch version {
        case .v2:
            guard symbols.count > 1 else {
                return client.stream("StreamTicks", arguments: symbols.map(RawJSON.string), of: TickPayload.self)
            }
            return merged(symbols.map { client.stream("StreamTicks", arguments: [.string($0)], of: TickPayload.self) })
        case .v1:
            guard !symbols.isEmpty else {
                return .failed(HubClientError.unsupported("the v1 hub sends ticks only for symbols subscribed by name"))
            }
            return legacyTicks(symbols: symbols)
        }
    }

    /// Whether the platform's data pump is up: `OnConnectionStatus` on v2, the answer to `Connect` on v1. A pump
    /// that goes down means the hub is up but the MT server behind it is not.
    public func pumpStatus() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream<Bool>.makeStream()
        let statistics = client.statistics
        let registration: HubRegistration
        switch version {
        case .v2:
            registration = client.on("OnConnectionStatus") { arguments in
                guard let first = arguments.first, let status = try? first.decode(ConnectionStatusPayload.self)
                else {
                    statistics.countUndecodable()
                    return
                }
                continuation.yield(status.connected)
            }
        case .v1:
            registration = client.standingCall("Connect", arguments: [.string(platformID)]) { result in
                if case .success(let raw) = result, let connected = try? raw?.decode(Bool.self) {
                    continuation.yield(connected)
                }
            }
        }
        continuation.onTermination = { _ in registration.cancel() }
        return stream
    }

    private func v2Stream<Item: HubDecodable>(
        _ target: String, of type: Item.Type
    ) -> HubStream<Item> {
        guard version == .v2 else {
            return .failed(HubClientError.unsupported("\(target) is served by the v2 hub only; connect with hub v2"))
        }
        return client.stream(target, of: type)
    }

    private func legacyTicks(symbols: [String]) -> HubStream<TickPayload> {
        let (stream, continuation) = AsyncThrowingStream<TickPayload, any Error>.makeStream()
        let platformID = self.platformID
        let statistics = client.statistics
        var registrations = [
            client.on("onTick") { arguments in
                guard arguments.count >= 2, let platform = try? arguments[0].decode(String.self),
                    platform.lowercased() == platformID
                else { return }
                guard let tick = try? arguments[1].decode(LegacyTickPayload.self) else {
                    statistics.countUndecodable()
                    return
                }
                continuation.yield(TickPayload(symbol: tick.symbol, bid: tick.bid, ask: tick.ask, lastTime: nil))
            }
        ]
        for symbol in symbols {
            registrations.append(
                client.standingCall("SubscribeToTicks", arguments: [.string(platformID), .string(symbol)]) { result in
                    if case .failure(let error) = result, case HubClientError.invocationFailed = error {
                        continuation.finish(throwing: error)
                    }
                })
        }
        let all = registrations
        let stop: @Sendable () -> Void = {
            all.forEach { $0.cancel() }
            continuation.finish()
        }
        continuation.onTermination = { _ in stop() }
        return HubStream(stream, onCancel: stop)
    }

    /// One stream of the items of several, cancelling them all when its consumer stops.
    private func merged<Item: Sendable>(_ streams: [HubStream<Item>]) -> HubStream<Item> {
        let (stream, continuation) = AsyncThrowingStream<Item, any Error>.makeStream()
        let task = Task {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for source in streams {
                        group.addTask { for try await item in source { continuation.yield(item) } }
                    }
                    try await group.waitForAll()
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let stop: @Sendable () -> Void = {
            task.cancel()
            streams.forEach { $0.cancel() }
        }
        continuation.onTermination = { _ in stop() }
        return HubStream(stream, onCancel: stop)
    }
}
