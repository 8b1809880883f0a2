import Foundation
import RuleEngine
import RuleLanguage
import ServiceLifecycle
import UnixSignals

/// Reloads the rules on SIGHUP and, when enabled, whenever a rule file under the watched paths is added, removed or
/// changed. A reload compiles the whole set first: only a set without errors replaces the running one, so a typo in
/// a file being edited never stops alerting; its diagnostics go to `refused` (the log, the status page) instead.
public struct RuleFileWatcher: Service {
    public let paths: [String]
    public let watchFiles: Bool
    public let pollInterval: Duration
    /// Installs a compiled set; returns a one-line summary for the log.
    public let install: @Sendable (CompiledRuleSet, _ reason: String) async throws -> Void
    /// Hears a refused set: its diagnostics rendered `path:line:col: error: message`.
    public let refused: @Sendable (_ reason: String, _ diagnostics: [String]) -> Void
    /// The rule files as they were when the watcher was made: the set the service just loaded.
    private let loaded: [String: String]

    public init(
        paths: [String], watchFiles: Bool = true, pollInterval: Duration = .seconds(2),
        install: @escaping @Sendable (CompiledRuleSet, String) async throws -> Void,
        refused: @escaping @Sendable (String, [String]) -> Void
    ) {
        self.paths = paths
        self.watchFiles = watchFiles
        self.pollInterval = pollInterval
        self.install = install
        self.refused = refused
        self.loaded = Self.fingerprint(of: paths)
    }

    public func run() async throws {
        let (triggers, trigger) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in hangups { trigger.yield("SIGHUP") }
            }
            if watchFiles {
                group.addTask {
                    var seen = loaded
                    while !Task.isCancelled {
                        try await Task.sleep(for: pollInterval)
                        let now = RuleFileWatcher.fingerprint(of: paths)
                        if now != seen {
                            seen = now
                            trigger.yield("rule files changed")
                        }
                    }
                }
            }
            group.addTask {
                for await reason in triggers.cancelOnGracefulShutdown() {
                    await reload(reason: reason)
                }
            }
            // Any task ending (graceful shutdown ends the consumer) ends the watcher.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Compiles the rule files as they are now and installs them when they compile cleanly.
    public func reload(reason: String) async {
        let ruleSet: CompiledRuleSet
        switch RuleCompilation.compile(paths) {
        case .success(let compiled): ruleSet = compiled
        case .failure(let errors):
            refused(reason, errors.lines)
            return
        }
        do {
            try await install(ruleSet, reason)
        } catch {
            // The store could not take the reload's changes: the running rules stay, as for a set with errors.
            refused(reason, ["the new rules compiled but could not be installed: \(error)"])
        }
    }

    /// Which rule files exist and what each holds (content hashes): a change in any means "compile again".
    static func fingerprint(of paths: [String]) -> [String: String] {
        let (files, _) = RuleLoader.files(in: paths, withExtension: "rules")
        var result: [String: String] = [:]
        for file in files {
            if case .success(let source) = RuleLoader.read(file) { result[file] = source.contentHash }
        }
        return result
    }
}
