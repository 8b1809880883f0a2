import AsyncHTTPClient
import CPluginClient
import Foundation
import Logging

/// What `mtrules tail` does: resolve the platform over REST, connect its hub, print every decoded event as a JSON
/// line and every connection change on stderr, and after a reconnect resync margin levels through REST (as the
/// engine does), until cancelled or the duration is up.
struct TailSession: Sendable {
    let environment: CPluginEnvironment
    let credentials: ClientCredentials
    let platform: String
    let streams: [TailStream]
    let symbols: [String]
    let transports: [HubTransportKind]
    let hub: PlatformHub.HubVersion
    let terminal: Terminal

    /// A failure to report and exit with status 1.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(for duration: Duration?) async throws {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: CPluginRestClient.recommendedHTTPClientConfiguration())
        do {
            try await run(http: http, duration: duration)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func run(http: HTTPClient, duration: Duration?) async throws {
        var logger = Logger(label: "mtrules.tail") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let tokens = TokenProvider(credentials: credentials, environment: environment, httpClient: http)
        let rest = CPluginRestClient(environment: environment, tokens: tokens, httpClient: http)
        let target = try await resolvePlatform(rest)
        terminal.error(
            "platform \(target.name) (\(target.type), \(target.id.uuidString.lowercased())) on \(environment)")
        let platformHub = PlatformHub(
            baseURLs: environment.apiBaseURLs.map(\.absoluteString), platformID: target.id.uuidString,
            platformType: target.type, version: hub, authentication: HubAuthentication(source: tokens),
            options: HubClientOptions(transports: transports), httpClient: http, logger: logger)
        let output = JSONLines(terminal: terminal)
        let isMT5 = target.type.uppercased() == "MT5"
        let events = platformHub.connectionEvents()
        let signals = await SignalWatcher.interrupts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await platformHub.run()
                } catch {
                    throw Failure(description: "\(error)")
                }
                throw CancellationError()
            }
            group.addTask {
                for await event in events {
                    terminal.error(event.description)
                    if case .reconnected = event, streams.contains(.margin), !isMT5 {
                        await resync(rest.mt4(target.id), output: output)
                    }
                }
            }
            for stream in streams {
                group.addTask {
                    try await print(stream, from: platformHub, mt5: isMT5, to: output)
                }
            }
            if let duration {
                group.addTask {
                    try await Task.sleep(for: duration)
                    throw CancellationError()
                }
            }
            group.addTask {
                for await _ in signals { break }
                throw CancellationError()
            }
            do {
                try await group.next()
            } catch is CancellationError {}
            group.cancelAll()
        }
    }

    /// The platform named on the command line, by id or by name (case-insensitive), among those the client sees.
    private func resolvePlatform(_ rest: CPluginRestClient) async throws -> TradePlatformInfo {
        let platforms: [TradePlatformInfo]
        do {
            platforms = try await rest.tradePlatforms()
        } catch {
            throw Failure(description: "could not list the trade platforms: \(error)")
        }
        if let id = UUID(uuidString: platform), let found = platforms.first(where: { $0.id == id }) { return found }
        if let found = platforms.first(where: { $0.name.caseInsensitiveCompare(platform) == .orderedSame }) {
            return found
        }
        let known = platforms.map { "\($0.name) (\($0.type), \($0.id.uuidString.lowercased()))" }
        throw Failure(
            description: "no trade platform '\(platform)' for this client; it sees: "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")))
    }

    private func print(
        _ stream: TailStream, from hub: PlatformHub, mt5: Bool, to output: JSONLines
    ) async throws {
        switch stream {
        case .margin where mt5:
            for try await item in hub.client.stream("StreamMarginCallUpdates", of: MT5MarginCallPayload.self) {
                output.write(stream, item)
            }
        case .margin:
            for try await item in hub.marginCalls() { output.write(stream, item) }
        case .trades:
            for try await item in hub.trades() { output.write(stream, item) }
        case .ticks:
            for try await item in hub.ticks(symbols: symbols) { output.write(stream, item) }
        case .users:
            for try await item in hub.users() { output.write(stream, item) }
        case .symbols:
            for try await item in hub.symbols() { output.write(stream, item) }
        }
    }

    /// After a gap, the margin levels as they are now, through `MarginsGet`: what the stream may have missed.
    private func resync(_ rest: MT4RestClient, output: JSONLines) async {
        do {
            let levels = try await rest.margins()
            for level in levels { output.write(.margin, level, source: "resync") }
            terminal.error("resynced: \(levels.count) accounts through MarginsGet")
        } catch {
            terminal.error("resync failed: \(error)")
        }
    }
}

/// Writes events as JSON lines: `{"item":{…},"receivedAt":"…","stream":"margin"}`, keys sorted, one per line.
final class JSONLines: Sendable {
    let terminal: Terminal
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    func write(_ stream: TailStream, _ item: some Encodable, source: String? = nil) {
        guard let json = try? encoder.encode(item) else { return }
        var line = "{\"item\":" + String(decoding: json, as: UTF8.self)
        line += ",\"receivedAt\":\"\(HubTime.format(Date()))Z\""
        if let source { line += ",\"source\":\"\(source)\"" }
        line += ",\"stream\":\"\(stream.rawValue)\"}"
        terminal.print(line)
    }
}
