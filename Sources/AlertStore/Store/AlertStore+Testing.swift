import GRDB

/// Raw access for tests, which stage files an older or newer mtrules, or another program, would have left, and look
/// at what SQLite itself reports. Internal: nothing outside the store touches its tables.
extension AlertStore {
    func executeRawSQL(_ sql: String) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// The first column of every row `sql` returns, as text.
    func rawStrings(_ sql: String) throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: sql) }
    }
}
