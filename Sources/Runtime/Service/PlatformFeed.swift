import AlertModel
import CPluginClient
import Foundation
import Logging
import RuleEngine
import ServiceLifecycle

/// One trade platform's live data, end to end: the hub connection, its streams (raw, so that the recording and
/// replay decode exactly what the engine decoded), and the REST resync after every (re)connection, so that what
/// happened during a gap still reaches the rules.
public struct PlatformFeed: Service {
    public let platform: TradePlatformInfo
    public let hub: PlatformHub
    public let rest: MT4RestClient
    public let engine: EngineService
    public let book: OpenTradeBook
    public let reporter: any FeedReporter
    public let logger: Logger
    private let decoder = HubPayloadDecoder()
    private let now: @Sendable () -> Timestamp

    public init(
        platform: TradePlatformInfo, hub: PlatformHub, rest: MT4RestClient, engine: EngineService,
        reporter: any FeedReporter, logger: Logger, now: @escaping @Sendable () -> Timestamp = EngineService.wallClock
    ) {
        self.platform = platform
        self.hub = hub
        self.rest = rest
        self.engine = engine
        self.book = OpenTradeBook()
        self.reporter = reporter
        self.logger = logger
        self.now = now
    }

    /// The v2 hub's streams and the engine stream each feeds.
    static let streams: [(target: String, stream: RecordedStream)] = [
        ("StreamMarginCallUpdates", .margin), ("StreamTrades", .trade), ("StreamUserUpdates", .user),
        ("StreamSymbolUpdates", .symbol), ("StreamTicks", .tick),
    ]

    public func run() async throws {
        let name = platform.name
        reporter.connecting(name)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            group.addTask { await watchConnection() }
            switch hub.version {
            case .v2:
                for (target, stream) in Self.streams {
                    group.addTask { await follow(target, as: stream) }
                }
            case .v1:
                // The legacy hub pushes ticks for named symbols only, and no margin or trade streams: the resync
                // after each connection is then the only margin data.
                logger.warning(
                    "hub v1 carries ticks only; margin, trade, user and symbol rules need hub v2",
                    metadata: ["platform": "\(name)"])
                group.addTask { await followLegacyTicks() }
            }
            group.addTask {
                for await connected in hub.pumpStatus() {
                    await feed(.pump, RawJSON(bytes: Array("{\"connected\":\(connected)}".utf8)), source: .hub)
                }
            }
            group.addTask {
                // Until graceful shutdown: then every task of the feed ends with it.
                try await gracefulShutdown()
                throw CancellationError()
            }
            do {
                _ = try await group.next()
            } catch is CancellationError {}
            group.cancelAll()
        }
        reporter.stopped(name)
    }

    /// Feeds one hub stream for as long as the feed runs. A stream the server ends (with an error, or because it does
    /// not serve it) is logged and asked for again a little later; only the connection itself failing for good (the
    /// credentials refused) stops the feed.
    private func follow(_ target: String, as stream: RecordedStream) async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                for try await batch in hub.client.batches(target) {
                    await feed(stream, batch, source: .hub)
                    delay = .seconds(1)
                }
                if Task.isCancelled { return }
                logger.warning(
                    "the hub ended \(target); asking for it again", metadata: ["platform": "\(platform.name)"])
            } catch {
                if Task.isCancelled { return }
                logger.error(
                    "the hub ended \(target) with an error; asking for it again",
                    metadata: ["platform": "\(platform.name)", "in": "\(delay)", "error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(60))
        }
    }

    /// The v1 hub's ticks, for the symbols `TickInfoLast` lists; retried like a v2 stream when the symbol list cannot
    /// be read or the subscription ends.
    private func followLegacyTicks() async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                let symbols = try await rest.lastTicks().compactMap(\.symbol)
                for try await tick in hub.ticks(symbols: symbols) {
                    await feed(.tick, RecordingLine.hubJSON(tick), source: .hub)
                    delay = .seconds(1)
                }
            } catch {
                if Task.isCancelled { return }
                logger.error(
                    "the v1 hub's ticks stopped; subscribing again",
                    metadata: ["platform": "\(platform.name)", "in": "\(delay)", "error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(60))
        }
    }

    /// The most items handed to the engine in one call: what arrived together goes together (one actor hop, one
    /// store transaction), but a huge frame is cut so no item waits long behind the others of its batch.
    static let maxEngineBatch = 256

    /// Decodes one raw item and runs it through the engine; an item that does not decode is counted and logged,
    /// never fatal.
    func feed(_ stream: RecordedStream, _ raw: RawJSON, source: RecordedSource) async {
        await feed(stream, [raw], source: source)
    }

    /// Decodes raw items that arrived together and runs them through the engine in batches of at most
    /// `maxEngineBatch`, in order; an item that does not decode is logged and skipped, never fatal.
    func feed(_ stream: RecordedStream, _ raws: [RawJSON], source: RecordedSource) async {
        var start = 0
        while start < raws.count {
            let end = min(start + Self.maxEngineBatch, raws.count)
            await feedBatch(stream, raws[start..<end], source: source)
            start = end
        }
    }

    private func feedBatch(_ stream: RecordedStream, _ raws: ArraySlice<RawJSON>, source: RecordedSource) async {
        let time = now()
        var batch: [(event: TradingEvent, line: RecordingLine)] = []
        batch.reserveCapacity(raws.count)
        for raw in raws {
            let item = RecordedItem(time: time, platform: platform.name, stream: stream, source: source, payload: raw)
            do {
                let event = try decoder.event(item)
                book.observe(event)
                reporter.event(platform.name, stream: stream.rawValue, at: time)
                batch.append((event, .item(item)))
            } catch {
                logger.warning(
                    "skipped a \(stream.rawValue) item that did not decode",
                    metadata: ["platform": "\(platform.name)", "error": "\(error)"])
            }
        }
        guard !batch.isEmpty else { return }
        do {
            try await engine.process(batch)
        } catch {
            logger.error(
                "the engine could not commit the output of \(batch.count) events; it is kept and committed with the next commit",
                metadata: ["platform": "\(platform.name)", "error": "\(error)"])
        }
    }

    private func watchConnection() async {
        for await event in hub.connectionEvents() {
            reporter.connection(platform.name, event)
            switch event {
            case .connected, .reconnected: logger.info("hub \(event)", metadata: ["platform": "\(platform.name)"])
            case .reconnecting, .stopped: logger.warning("hub \(event)", metadata: ["platform": "\(platform.name)"])
            }
            switch event {
            case .connected, .reconnected:
                await resync()
            default:
                break
            }
        }
    }

    /// Margin levels and open trades as they are now, through the same path as the stream's items.
    func resync() async {
        let name = platform.name
        do {
            // Symbol settings first, so trade rules reading `symbol.contractSize` know every symbol.
            let symbols = try await rest.symbolConfigs()
            for config in symbols {
                let payload = SymbolUpdatePayload(
                    kind: .updated, symbol: config.symbol ?? "", description: config.description ?? "",
                    currency: config.currency ?? "", digits: config.digits, tradeMode: config.tradeModeNumber,
                    spread: config.spread, stopsLevel: config.stopsLevel, freezeLevel: config.freezeLevel,
                    contractSize: config.contractSize, tickValue: config.tickValue, tickSize: config.tickSize,
                    marginInitial: config.marginInitial, marginMaintenance: config.marginMaintenance)
                await feed(.symbol, RecordingLine.hubJSON(payload), source: .resync)
            }
        } catch {
            logger.warning(
                "could not read the symbol settings (CfgRequestSymbol); symbol.* fields stay unknown until the symbol stream sends them",
                metadata: ["platform": "\(name)", "error": "\(error)"])
        }
        do {
            let levels = try await rest.margins()
            await feed(.margin, levels.map { RecordingLine.hubJSON(MarginResync.payload($0)) }, source: .resync)
            let gap = try await TradeResync(rest: rest, book: book).run()
            for trade in gap.opened + gap.closed {
                await feed(.trade, RecordingLine.hubJSON(trade), source: .resync)
            }
            if gap.closedUnknown > 0 {
                logger.warning(
                    "\(gap.closedUnknown) trades closed during the gap could not be read back; their close was not evaluated",
                    metadata: ["platform": "\(name)"])
            }
            reporter.resynced(name, accounts: levels.count, openTrades: gap.openTrades, at: now())
            logger.info(
                "resynced",
                metadata: [
                    "platform": "\(name)", "accounts": "\(levels.count)", "openTrades": "\(gap.openTrades)",
                    "openedInGap": "\(gap.opened.count)", "closedInGap": "\(gap.closed.count)",
                ])
        } catch {
            reporter.resyncFailed(name, error: "\(error)")
            logger.error(
                "resync through REST failed; the streams carry on and the next reconnection tries again",
                metadata: ["platform": "\(name)", "error": "\(error)"])
        }
    }
}
