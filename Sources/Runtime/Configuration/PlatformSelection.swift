import Foundation

/// Which trade platforms one mtrules instance watches: every platform the credentials can see, or those listed by name
/// or by id (CPlugin's GUID), so one configuration keeps working when a platform is renamed (list its id) or when
/// ids differ between sandbox and production (list its name).
public enum PlatformSelection: Sendable, Hashable, CustomStringConvertible {
    case all
    /// Names or GUIDs, compared without regard to case (CPlugin writes GUIDs in either case).
    case only([String])

    /// Whether the platform with this name and id is watched.
    public func matches(name: String, id: String) -> Bool {
        switch self {
        case .all: true
        case .only(let entries): entries.contains { Self.same($0, name) || Self.same($0, id) }
        }
    }

    /// The listed entries no platform answers to, so startup can say "platform 'MT4-Lvie' does not exist" instead of
    /// silently watching nothing.
    public func unmatched(among platforms: [(name: String, id: String)]) -> [String] {
        guard case .only(let entries) = self else { return [] }
        return entries.filter { entry in
            !platforms.contains { Self.same(entry, $0.name) || Self.same(entry, $0.id) }
        }
    }

    public var description: String {
        switch self {
        case .all: "all platforms"
        case .only(let entries): entries.joined(separator: ", ")
        }
    }

    private static func same(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive]) == .orderedSame
    }
}
