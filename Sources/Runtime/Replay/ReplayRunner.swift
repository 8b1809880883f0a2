import AlertModel
import RuleEngine
import RuleLanguage

/// Runs rule sets over a recording in event time, as fast as the machine goes: each data line is decoded with the
/// live service's `HubPayloadDecoder` and processed at its receive time, each `clock` and `end` line advances the
/// engine as the live clock did, so timers (`for`, `silence`, renotify) fire as they fired live. Several rule sets
/// share one read of the file, each with an engine of its own.
///
/// Compiles nothing: callers pass compiled rule sets and report compile errors their own way.
public struct ReplayRunner: Sendable {
    /// Skip lines that are not recording lines (each is kept in `ReplayResult.badLines`) instead of stopping.
    public var skipBadLines: Bool
    /// Calls the progress callback every this many lines.
    public var progressEvery: Int
    public let decoder: HubPayloadDecoder

    public init(skipBadLines: Bool = false, progressEvery: Int = 4096, decoder: HubPayloadDecoder = HubPayloadDecoder())
    {
        self.skipBadLines = skipBadLines
        self.progressEvery = max(1, progressEvery)
        self.decoder = decoder
    }

    /// Replays the recording at `path` through one rule set.
    /// - Throws: `RecordingError` when the file cannot be read, or at its first bad line unless `skipBadLines`.
    public func run(
        _ ruleSet: CompiledRuleSet, path: String, progress: (ReplayProgress) -> Void = { _ in }
    ) throws(RecordingError) -> ReplayResult {
        try run([ruleSet], path: path, progress: progress)[0]
    }

    /// Replays the recording at `path` through each rule set, reading the file once; results in the same order.
    public func run(
        _ ruleSets: [CompiledRuleSet], path: String, progress: (ReplayProgress) -> Void = { _ in }
    ) throws(RecordingError) -> [ReplayResult] {
        let reader = try RecordingReader(path: path)
        var engines: [RuleEngine] = []
        var results = Array(repeating: ReplayResult(), count: ruleSets.count)
        var shared = ReplayResult()
        var lines = 0
        func report() {
            progress(
                ReplayProgress(
                    bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, events: shared.events,
                    line: reader.lineNumber))
        }
        while true {
            let line: RecordingLine?
            do {
                line = try reader.next()
            } catch {
                guard skipBadLines else { throw error }
                shared.badLines.append(error)
                continue
            }
            guard let line else { break }
            lines += 1
            if lines % progressEvery == 0 { report() }
            let time = line.time
            if engines.isEmpty, !ruleSets.isEmpty {
                if case .header = line { continue }
                engines = ruleSets.map { RuleEngine(ruleSet: $0, startingAt: time) }
            }
            switch line {
            case .header:
                // A recorder that restarted appends a new header; the rules carry on over the whole file.
                continue
            case .item(let item):
                let event: TradingEvent
                do {
                    event = try decoder.event(item)
                } catch {
                    shared.undecodable += 1
                    continue
                }
                shared.eventsByStream[item.stream, default: 0] += 1
                for index in engines.indices {
                    if item.isSeed {
                        engines[index].seed(event)
                    } else {
                        collect(engines[index].process(event), into: &results[index])
                    }
                }
            case .clock(let time):
                for index in engines.indices {
                    collect(engines[index].advance(to: time), into: &results[index])
                }
            case .end(let time):
                shared.endTime = time
                for index in engines.indices {
                    collect(engines[index].advance(to: time), into: &results[index])
                }
            }
            shared.firstTime = shared.firstTime ?? time
            shared.lastTime = max(shared.lastTime ?? time, time)
        }
        report()
        for index in results.indices {
            results[index].eventsByStream = shared.eventsByStream
            results[index].undecodable = shared.undecodable
            results[index].badLines = shared.badLines
            results[index].firstTime = shared.firstTime
            results[index].lastTime = shared.lastTime
            results[index].endTime = shared.endTime
            results[index].openAlerts = engines.isEmpty ? [] : engines[index].alerts
        }
        return results
    }

    private func collect(_ output: EngineOutput, into result: inout ReplayResult) {
        guard !output.isEmpty else { return }
        result.transitions += output.transitions
        result.notifications += output.notifications.map(ReplayedNotification.init)
    }
}
