import AlertModel
import Foundation
import RuleLanguage

/// Runs `.test` files: each test gets a fresh engine on its own clock, its events in time order, and its expectations
/// checked against the engine's alerts and the notifications made at that step.
public struct RuleTestRunner {
    public struct Failure: Sendable {
        public var location: SourceLocation
        public var message: String
        public var details: [String]
    }

    public struct Outcome: Sendable {
        public var name: String
        public var failures: [Failure]
        public var passed: Bool { failures.isEmpty }
    }

    /// The result of one test file: problems that kept it from running, and each test's outcome.
    public struct FileReport: Sendable {
        public var path: String
        public var diagnostics: [Diagnostic]
        public var sources: [SourceFile]
        public var loadErrors: [String]
        public var outcomes: [Outcome]
    }

    let schema: TradingSchema
    /// Compiled rule sets by the files they load, with the files that could not be read.
    private var ruleSets: [[String]: (result: RuleSetCompiler.Result, loadErrors: [String])] = [:]

    public init(schema: TradingSchema = .shared) {
        self.schema = schema
    }

    public mutating func run(testFile path: String) -> FileReport {
        var report = FileReport(path: path, diagnostics: [], sources: [], loadErrors: [], outcomes: [])
        let file: SourceFile
        switch RuleLoader.read(path) {
        case .success(let source): file = source
        case .failure(let error):
            report.loadErrors.append(error.description)
            return report
        }
        report.sources.append(file)
        var parser = RuleTestParser(file: file, schema: schema)
        let (tests, diagnostics) = parser.parse()
        report.diagnostics += diagnostics
        if diagnostics.contains(where: \.isError) { return report }
        let directory = (path as NSString).deletingLastPathComponent
        for test in tests {
            let rulePaths: [String]
            if test.loads.isEmpty {
                rulePaths = RuleLoader.files(in: [directory.isEmpty ? "." : directory], withExtension: "rules").0
            } else {
                rulePaths = test.loads.map {
                    ($0 as NSString).isAbsolutePath ? $0 : (directory as NSString).appendingPathComponent($0)
                }
            }
            let compiled: RuleSetCompiler.Result
            let loadErrors: [String]
            if let cached = ruleSets[rulePaths] {
                (compiled, loadErrors) = cached
            } else {
                let (result, errors) = RuleLoader.compile(paths: rulePaths, schema: schema)
                loadErrors = errors.map(\.description)
                report.loadErrors += loadErrors
                compiled = result
                ruleSets[rulePaths] = (result, loadErrors)
                report.diagnostics += result.diagnostics.filter { diagnostic in
                    !report.diagnostics.contains(diagnostic)
                }
                report.sources += result.files
            }
            guard let ruleSet = compiled.ruleSet, loadErrors.isEmpty else {
                report.outcomes.append(
                    Outcome(
                        name: test.name,
                        failures: [
                            Failure(
                                location: file.location(of: test.range.start),
                                message: "the rules it loads do not compile (see the errors above)", details: [])
                        ]))
                continue
            }
            report.outcomes.append(run(test, ruleSet: ruleSet))
        }
        return report
    }

    /// Runs one test against a compiled rule set.
    public func run(_ test: RuleTest, ruleSet: CompiledRuleSet) -> Outcome {
        let engine = RuleEngine(ruleSet: ruleSet, schema: schema, startingAt: test.start)
        let knownRules = Set(ruleSet.rules.map(\.name))
        var latest: [String: Record] = [:]
        var step = EngineOutput()
        var now: Int64 = 0
        var failures: [Failure] = []
        for item in test.steps {
            switch item {
            case .at(let offset, let spec, _):
                now = offset
                let time = test.start.adding(milliseconds: offset)
                step = engine.advance(to: time)
                if let spec {
                    let event = makeEvent(spec, test: test, time: time, latest: &latest)
                    step.append(engine.process(event))
                }
            case .expect(let expectation, let range):
                let context = "at \(ValueFormatter.duration(Double(now) / 1000))"
                if let failure = check(expectation, engine: engine, step: step, knownRules: knownRules) {
                    failures.append(
                        Failure(
                            location: test.file.location(of: range.start), message: "\(context): \(failure.0)",
                            details: failure.1))
                }
            }
        }
        return Outcome(name: test.name, failures: failures)
    }

    /// Builds the event, starting from the last event of the same thing (login, order or symbol) so omitted fields keep
    /// their values, as if CPlugin had sent the whole payload.
    private func makeEvent(
        _ spec: RuleTest.EventSpec, test: RuleTest, time: Timestamp, latest: inout [String: Record]
    ) -> TradingEvent {
        let platform = spec.platform ?? test.platform
        let naturalKey = TradingSchema.naturalKey(spec.stream).first ?? "platform"
        let given = spec.fields.first { $0.name.name == naturalKey }.map { "\($0.value)" } ?? ""
        let memoryKey = "\(spec.stream.rawValue)|\(platform)|\(given)"
        var event = TradingEvent(
            stream: spec.stream, kind: spec.kind, platform: platform, time: time,
            record: latest[memoryKey] ?? schema.layout(spec.stream).emptyRecord())
        for (name, value) in spec.fields {
            // The parser already checked names and types against the layout.
            try? event.set(name.name, value, schema: schema)
        }
        latest[memoryKey] = event.record
        return event
    }
}
