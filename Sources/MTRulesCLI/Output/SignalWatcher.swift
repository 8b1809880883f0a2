import UnixSignals

/// SIGINT and SIGTERM as an async sequence, so long-running commands stop cleanly on Ctrl-C or `kill`.
enum SignalWatcher {
    static func interrupts() async -> UnixSignalsSequence {
        await UnixSignalsSequence(trapping: .sigint, .sigterm)
    }
}
