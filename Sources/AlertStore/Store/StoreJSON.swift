import Foundation

/// How AlertModel values become the store's JSON columns and back.
enum StoreJSON {
    /// Sorted keys keep equal values byte-equal; non-finite numbers (a window sample of `NaN`) are written as strings,
    /// because a value JSON cannot express must never make a whole batch of notifications fail to record.
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(type, from: Data(text.utf8))
    }

    /// Decodes a column, naming the row when it cannot be read.
    static func decode<Value: Decodable>(
        _ type: Value.Type, from text: String, table: String, id: String
    ) throws(AlertStoreError) -> Value {
        do {
            return try decode(type, from: text)
        } catch {
            throw .unreadableRow(table: table, id: id, reason: "\(error)")
        }
    }
}
