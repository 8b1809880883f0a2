import Delivery
import Foundation

extension RuntimeConfiguration {
    /// What `mtrules run --check-config` verifies after loading, without connecting anywhere: the rule paths exist,
    /// every secret can be read (values are read, never shown), the store's directory can be created. Returns the
    /// load's warnings too; the configuration can run when none of the results ``ConfigurationDiagnostic/isError``.
    public func check(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [ConfigurationDiagnostic] {
        var found = warnings
        let files = FileManager.default
        for (index, path) in rulePaths.enumerated() {
            var isDirectory: ObjCBool = false
            if !files.fileExists(atPath: path, isDirectory: &isDirectory) {
                found.append(
                    ConfigurationDiagnostic(
                        .error, "the rule path '\(path)' does not exist", at: location(of: "rules[\(index)]"),
                        hint: "relative paths start from the configuration file's directory"))
            } else if isDirectory.boolValue,
                (try? files.contentsOfDirectory(atPath: path))?.contains(where: { $0.hasSuffix(".rules") }) != true
            {
                found.append(
                    ConfigurationDiagnostic(
                        .warning, "the rule directory '\(path)' holds no *.rules file",
                        at: location(of: "rules[\(index)]")))
            }
        }
        do {
            _ = try loadCredentials(environment: environment)
        } catch {
            found += error.diagnostics
        }
        if let token = status.bearerToken {
            do {
                _ = try token.resolve(environment: environment)
            } catch {
                found.append(
                    ConfigurationDiagnostic(
                        .error, "the status bearer token cannot be read: \(error.description)",
                        at: location(of: "status.bearerToken")))
            }
        }
        for (index, receiver) in receivers.enumerated() {
            do {
                _ = try WebhookEndpoint(receiver: receiver, environment: environment)
            } catch {
                found.append(
                    ConfigurationDiagnostic(.error, error.description, at: location(of: "receivers[\(index)]")))
            }
        }
        for (key, path) in [("store", storePath), ("record", recordPath)] {
            guard let path, let problem = Self.writabilityProblem(path) else { continue }
            found.append(ConfigurationDiagnostic(.error, "'\(key)': \(problem)", at: location(of: key)))
        }
        return found
    }

    /// Why mtrules could not create or write the file at `path`, or nil if it can: the file itself if it exists,
    /// else the nearest existing directory above it (mtrules creates the missing ones).
    static func writabilityProblem(_ path: String) -> String? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "'\(path)' is a directory; name the file inside it" }
            return files.isWritableFile(atPath: path) ? nil : "'\(path)' is not writable by this user"
        }
        var directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !files.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        guard isDirectory.boolValue else { return "'\(directory.path)' is a file, so '\(path)' cannot be created" }
        guard files.isWritableFile(atPath: directory.path) else {
            return "cannot create '\(path)': '\(directory.path)' is not writable by this user"
        }
        return nil
    }
}
