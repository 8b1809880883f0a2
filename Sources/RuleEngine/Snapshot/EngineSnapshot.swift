import Foundation

/// The engine's whole state at one moment, in a form that outlives the process: the clock, the related accounts,
/// symbols and quotes, and per rule every alert key's status and memory plus the flood limiter. Timers are not in
/// it: they follow from the rest and are recomputed on restore.
///
/// Saved as JSON (`encoded()`); a version number lets a later mtrules read an older file, and this one refuse a
/// newer file instead of misreading it.
public struct EngineSnapshot: Codable, Sendable {
    /// The format this mtrules writes and the newest it reads.
    public static let currentVersion = 1

    public var version: Int
    /// Milliseconds since the Unix epoch: the latest event time or advance.
    public var clock: Int64
    /// How many alert keys the engine has created, so restored and new keys keep one order.
    public var keyCreations: Int
    public var related: RelatedStateSnapshot
    public var rules: [RuleSnapshot]

    public init(clock: Int64, keyCreations: Int, related: RelatedStateSnapshot, rules: [RuleSnapshot]) {
        self.version = Self.currentVersion
        self.clock = clock
        self.keyCreations = keyCreations
        self.related = related
        self.rules = rules
    }

    /// JSON with sorted keys, so equal states give equal bytes. Missing numbers (NaN) and infinities are written
    /// as the strings "nan", "inf" and "-inf", which plain JSON numbers cannot hold.
    public func encoded() throws(EngineSnapshotError) -> Data {
        do {
            return try Self.encoder.encode(self)
        } catch {
            throw .cannotEncode(reason: "\(error)")
        }
    }

    /// Reads what `encoded()` wrote.
    ///
    /// - Throws: `EngineSnapshotError.unsupportedVersion` for a file from a newer mtrules, `.malformed` (naming the
    ///   field) for anything that is not a snapshot.
    public init(data: Data) throws(EngineSnapshotError) {
        self = try Self.decode(EngineSnapshot.self, from: data, what: "engine snapshot")
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws(EngineSnapshotError) -> T {
        if let version = try? decoder.decode(Versioned.self, from: data).version, version > currentVersion {
            throw .unsupportedVersion(found: version, supported: currentVersion)
        }
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw .malformed(what: what, reason: describe(error))
        } catch {
            throw .malformed(what: what, reason: "\(error)")
        }
    }

    /// Just the version, read first so a newer format is refused before its fields are misread.
    private struct Versioned: Decodable { var version: Int? }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// "at rules[0].keys[2].status: …": where in the document the problem is, and what it is.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let context):
            return "at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath + [key])): the field is missing"
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): expected \(type), found null"
        @unknown default:
            return "\(error)"
        }
    }
}
