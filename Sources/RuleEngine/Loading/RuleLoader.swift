import Foundation
import RuleLanguage

/// Finds and reads rule files and test files from the paths a user gives: files as they are, directories searched
/// recursively, results sorted so every run sees the same order.
public enum RuleLoader {
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): error: \(message)" }
    }

    /// Files under `paths` whose name ends in `.<fileExtension>`; a path naming a file is taken whatever its name.
    public static func files(in paths: [String], withExtension fileExtension: String) -> ([String], [LoadError]) {
        var found: [String] = []
        var errors: [LoadError] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(LoadError(path: path, message: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                errors.append(LoadError(path: path, message: "cannot read the directory"))
                continue
            }
            var inDirectory: [String] = []
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix("." + fileExtension) {
                    inDirectory.append((path as NSString).appendingPathComponent(relative))
                }
            }
            found += inDirectory.sorted()
        }
        var seen = Set<String>()
        return (found.filter { seen.insert($0).inserted }, errors)
    }

    public static func read(_ path: String) -> Result<SourceFile, LoadError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(LoadError(path: path, message: "cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(LoadError(path: path, message: "the file is not UTF-8 text"))
        }
        return .success(SourceFile(path: path, text: text))
    }

    /// Reads and compiles every rule file under `paths` against the trading schema.
    public static func compile(
        paths: [String], schema: TradingSchema = .shared
    ) -> (RuleSetCompiler.Result, [LoadError]) {
        let (paths, findErrors) = files(in: paths, withExtension: "rules")
        var errors = findErrors
        var sources: [SourceFile] = []
        for path in paths {
            switch read(path) {
            case .success(let file): sources.append(file)
            case .failure(let error): errors.append(error)
            }
        }
        return (RuleSetCompiler(schema: schema.language).compile(sources), errors)
    }
}
