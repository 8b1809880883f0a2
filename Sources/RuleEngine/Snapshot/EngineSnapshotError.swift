/// Why saved engine state could not be written or read. The service then starts without it: alerts re-evaluate from
/// new events, and the store's notification ids keep already-sent notifications from going out twice.
public enum EngineSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotEncode(reason: String)
    case unsupportedVersion(found: Int, supported: Int)
    case malformed(what: String, reason: String)

    public var description: String {
        switch self {
        case .cannotEncode(let reason):
            return "cannot encode the engine state: \(reason)"
        case .unsupportedVersion(let found, let supported):
            return "the saved engine state is format \(found), but this mtrules reads formats up to \(supported): "
                + "it was written by a newer mtrules. Run that version, or start without the saved state "
                + "(alerts then re-evaluate from new events)"
        case .malformed(let what, let reason):
            return "the saved \(what) is not valid (\(reason)); it was damaged or not written by mtrules. "
                + "Start without it: alerts then re-evaluate from new events"
        }
    }
}
