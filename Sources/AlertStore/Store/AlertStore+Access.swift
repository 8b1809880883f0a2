import GRDB

extension AlertStore {
    /// Runs `body` in one IMMEDIATE write transaction: all of it commits, or none of it, and errors come back as
    /// `AlertStoreError` naming the operation.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(AlertStoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.storeError(error, operation: operation, path: path)
        }
    }

    /// Runs `body` on a read-only snapshot, which never waits for writers (WAL).
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(AlertStoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.storeError(error, operation: operation, path: path)
        }
    }

    static func storeError(_ error: any Error, operation: String, path: String) -> AlertStoreError {
        if let error = error as? AlertStoreError { return error }
        if let error = error as? DatabaseError {
            return .database(
                operation: operation, path: path, code: error.resultCode.primaryResultCode.rawValue,
                reason: error.message ?? "\(error.resultCode)")
        }
        return .database(operation: operation, path: path, code: 1, reason: describe(error))
    }
}
