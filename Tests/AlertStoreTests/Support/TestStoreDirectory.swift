import Foundation

/// A fresh directory for one test's store files, removed when the test lets go of it.
final class TestStoreDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mtrules-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The store file's path; `nested` puts it in subdirectories that do not exist yet.
    func storePath(_ name: String = "alerts.sqlite", nested: [String] = []) -> String {
        nested.reduce(url) { $0.appendingPathComponent($1, isDirectory: true) }.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
