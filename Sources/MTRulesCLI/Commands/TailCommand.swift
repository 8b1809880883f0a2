import ArgumentParser
import CPluginClient
import Foundation

/// `mtrules tail`: the engineer's window on a hub. Prints what the hub sends, decoded, as JSON lines.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Connect to a CPlugin hub and print its events as JSON lines.",
        discussion: """
            Credentials come from MTRULES_CLIENT_ID and MTRULES_CLIENT_SECRET (or MTRULES_CLIENT_SECRET_FILE), or \
            from --client-id and --client-secret-file; never from the command line itself.
            Events go to stdout, one JSON object per line; connection changes (connected, reconnecting, resynced) \
            go to stderr. Runs until interrupted or --duration.
            """
    )

    @Option(help: "production, sandbox, or the API base URL (a comma-separated list fails over in order).")
    var env = "production"

    @Option(help: "The client id (default: $MTRULES_CLIENT_ID).")
    var clientID: String?

    @Option(help: "A file holding the client secret (default: $MTRULES_CLIENT_SECRET).")
    var clientSecretFile: String?

    @Option(help: "The trade platform, by name or id.")
    var platform: String

    @Option(
        name: .customLong("stream"),
        help: "What to print: margin, trades, ticks, users, symbols (repeatable; default margin).")
    var streams: [TailStream] = []

    @Option(name: .customLong("symbol"), help: "Limit ticks to this symbol (repeatable; the v1 hub needs them).")
    var symbols: [String] = []

    @Option(help: "Use only this transport: websockets, sse or longpolling (default: the first that works).")
    var transport: HubTransportKind?

    @Option(help: "The hub version: v2 (a connection per platform) or v1 (legacy, ticks only).")
    var hub: PlatformHub.HubVersion = .v2

    @Option(help: "Stop after this long (e.g. 30s, 5m).")
    var duration: DurationArgument?

    func validate() throws {
        if hub == .v1 {
            if let other = streams.first(where: { $0 != .ticks }) {
                throw ValidationError("the v1 hub carries ticks only; use --hub v2 for --stream \(other.rawValue)")
            }
            if symbols.isEmpty {
                throw ValidationError("the v1 hub sends ticks only for symbols subscribed by name: add --symbol")
            }
        }
    }

    func run() async throws {
        let terminal = Terminal()
        let environment: CPluginEnvironment
        let credentials: ClientCredentials
        do {
            environment = try CPluginEnvironment(parsing: env)
            credentials = try ClientCredentials.load(clientID: clientID, secretFile: clientSecretFile)
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        let session = TailSession(
            environment: environment, credentials: credentials, platform: platform,
            streams: streams.isEmpty ? [.margin] : streams, symbols: symbols,
            transports: transport.map { [$0] } ?? HubTransportKind.allCases, hub: hub, terminal: terminal)
        do {
            try await session.run(for: duration.map { .seconds($0.seconds) })
        } catch let error as TailSession.Failure {
            terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failures)
        }
    }
}

/// The streams `mtrules tail` can print.
enum TailStream: String, ExpressibleByArgument, CaseIterable, Sendable {
    case margin, trades, ticks, users, symbols
}

extension HubTransportKind: ExpressibleByArgument {}
extension PlatformHub.HubVersion: ExpressibleByArgument {}
